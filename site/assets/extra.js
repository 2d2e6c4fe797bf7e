/* guidegen help site: small additions to Material, kept in one file so a theme switch stays cheap.
   - the clip's captions come from cues embedded in the page (a <track> file does not load from file://);
   - the clip's poster loads only when the video comes near the screen;
   - a step's picture opens whole on tap, in GLightbox (vendored, loaded on the first tap). */
(function () {
  "use strict";
  var script = document.currentScript;
  var base = script.src.replace(/assets\/extra\.js(\?.*)?$/, "");

  function captions(video) {
    var cues;
    try { cues = JSON.parse(video.getAttribute("data-cues") || "[]"); } catch (error) { return; }
    if (!cues.length || !window.VTTCue) return;
    var track = video.addTextTrack("captions", video.getAttribute("data-label"), video.getAttribute("data-lang"));
    cues.forEach(function (cue) { track.addCue(new VTTCue(cue[0], cue[1], cue[2])); });
    // Captions already burned into the picture (a TV rendition) are offered, not shown twice.
    track.mode = video.getAttribute("data-burned") === "true" ? "hidden" : "showing";
  }

  function lazyPoster(video) {
    var poster = video.getAttribute("data-poster");
    if (!poster) return;
    if (!("IntersectionObserver" in window)) { video.poster = poster; return; }
    var watcher = new IntersectionObserver(function (entries) {
      if (entries.some(function (entry) { return entry.isIntersecting; })) {
        video.poster = poster;
        watcher.disconnect();
      }
    }, { rootMargin: "300px" });
    watcher.observe(video);
  }

  function asHtml(text) {
    var holder = document.createElement("div");
    holder.textContent = text;
    return holder.innerHTML.replace(/"/g, "&quot;");
  }

  var lightbox = null, loading = false, opener = null;

  // A phone's Back closes an open picture instead of leaving the page: opening adds a history entry,
  // Back (popstate) closes the picture, and closing it any other way takes the entry back off.
  function opened() {
    history.pushState({ ggLightbox: true }, "");
    var close = document.querySelector(".glightbox-container .gclose");
    if (close) { close.setAttribute("aria-label", document.documentElement.lang === "en" ? "Close" : "Đóng"); close.focus(); }
  }
  function closed() {
    if (history.state && history.state.ggLightbox) history.back();
    if (opener) opener.focus();
  }
  window.addEventListener("popstate", function () {
    if (lightbox && document.querySelector(".glightbox-container")) lightbox.close();
  });
  function openLightbox(link) {
    var links = Array.prototype.slice.call(document.querySelectorAll("a.gg-zoom"));
    var elements = links.map(function (item) {
      var image = item.querySelector("img");
      // GLightbox inserts the description as HTML: give it the alt text as text, escaped
      return { href: item.href, type: "image", alt: image ? image.alt : "", description: image ? asHtml(image.alt) : "" };
    });
    opener = link;
    if (lightbox) { lightbox.setElements(elements); lightbox.openAt(links.indexOf(link)); return; }
    if (loading) return;
    loading = true;
    var style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = base + "assets/vendor/glightbox/glightbox.min.css";
    document.head.appendChild(style);
    var code = document.createElement("script");
    code.src = base + "assets/vendor/glightbox/glightbox.min.js";
    code.onload = function () {
      lightbox = window.GLightbox({ elements: elements, touchNavigation: true, loop: false });
      lightbox.on("open", opened);
      lightbox.on("close", closed);
      lightbox.openAt(links.indexOf(link));
    };
    code.onerror = function () { location.href = link.href; };
    document.head.appendChild(code);
  }

  function scrollable() {
    // a wide table scrolls sideways on a phone: keyboard users must be able to reach and scroll it
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        wrap.tabIndex = 0;
        wrap.setAttribute("role", "region");
        var heading = wrap.closest("article") && wrap.previousElementSibling;
        wrap.setAttribute("aria-label", heading && /^H[1-6]$/.test(heading.tagName) ? heading.textContent : "Bảng");
      }
    });
  }

  function menuButton() {
    // Material's ☰ is a <label> for a hidden checkbox: give it a name, the Tab order and the keys of a button
    var toggle = document.getElementById("__drawer");
    var button = document.querySelector("label.md-header__button[for='__drawer']");
    if (!toggle || !button) return;
    var english = document.documentElement.lang === "en";
    button.setAttribute("role", "button");
    button.setAttribute("tabindex", "0");
    button.setAttribute("aria-label", english ? "Open the menu" : "Mở menu");
    button.setAttribute("aria-controls", "__drawer");
    function sync() { button.setAttribute("aria-expanded", String(toggle.checked)); }
    sync();
    toggle.addEventListener("change", sync);
    button.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" && event.key !== " ") return;
      event.preventDefault();
      event.stopPropagation();  // handled here: the theme's own key handling must not toggle it back
      toggle.checked = !toggle.checked;
      toggle.dispatchEvent(new Event("change", { bubbles: true }));
      sync();
      if (toggle.checked) {
        var first = document.querySelector(".md-sidebar--primary a[href]");
        if (first) setTimeout(function () { first.focus(); }, 50);
      }
    });
  }

  function stackedTables() {
    // on a phone a table of several columns becomes one card per row: each cell says which column it is
    document.querySelectorAll(".md-typeset table").forEach(function (table) {
      var names = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.textContent.trim();
      });
      if (names.length < 3 || names.every(function (name) { return !name; })) return;
      table.setAttribute("data-gg-stack", "");
      table.querySelectorAll("tbody tr").forEach(function (row) {
        Array.prototype.forEach.call(row.children, function (cell, index) {
          if (names[index]) cell.setAttribute("data-label", names[index]);
        });
      });
    });
  }

  function start() {
    menuButton();
    stackedTables();
    scrollable();
    document.querySelectorAll(".gg-video video").forEach(function (video) { captions(video); lazyPoster(video); });
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a.gg-zoom");
      if (!link || event.ctrlKey || event.metaKey) return;
      event.preventDefault();
      openLightbox(link);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
