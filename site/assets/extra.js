/* Home page search box: typing here searches with Material's own search (works offline too).
   Also makes search fold diacritics, so "dang ky khai sinh" finds "Đăng ký khai sinh". */
(function () {
  "use strict";

  function fold(text) {
    return text.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function openSearch(value) {
    var toggle = document.querySelector("input[data-md-toggle=search]");
    var query = document.querySelector("input[data-md-component=search-query]");
    if (!toggle || !query) return;
    if (!toggle.checked) toggle.click();
    query.value = value;
    query.focus();
    query.dispatchEvent(new Event("input", { bubbles: true }));
  }

  document.addEventListener("input", function (event) {
    if (event.target && event.target.id === "gg-query") {
      var value = event.target.value;
      event.target.value = "";
      openSearch(value);
    }
  });

  window.guidegenFold = fold;
})();
