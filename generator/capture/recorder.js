// guidegen's recorder, injected into every page of a recording. It stops each click before the page
// sees it and hands it to guidegen, which takes the screenshot first and then does the click itself.
// Typed values are reported only so that guidegen can replace them with a synthetic persona's.
(() => {
  if (window.__guidegenRecorder) return;
  window.__guidegenRecorder = true;
  let passing = false;  // guidegen is doing an action itself: let it through
  window.__guidegenPass = on => { passing = on; };
  window.__guidegenBusy = 0;

  const describe = el => window.__guidegenDescribe(el);
  const clean = window.__guidegenClean;
  const ACTIVE = window.__guidegenActive;

  async function send(event) {
    window.__guidegenBusy++;
    try { await window.guidegenRecord(event); } finally { window.__guidegenBusy--; }
  }

  function intercept(event) {
    if (passing || !event.target || !event.target.closest) return;
    if (event.target.closest("#guidegen-recorder")) return;
    const el = event.target.closest(ACTIVE);
    if (!el) return;
    const focused = document.activeElement;
    if (focused && focused !== el && focused.blur && focused.matches("input, select, textarea")) {
      focused.blur();  // an entry in progress is reported (its change event) before this click
    }
    event.preventDefault();
    event.stopImmediatePropagation();
    if (event.type === "click") send({ kind: "click", element: describe(el) });
  }
  for (const type of ["pointerdown", "mousedown", "pointerup", "mouseup", "click", "dblclick"]) {
    window.addEventListener(type, intercept, true);
  }
  function changed(el) {
    if (el.__guidegenValue === el.value) return false;  // guidegen put this value there
    const value = el.tagName === "SELECT" ? clean(el.selectedOptions[0] && el.selectedOptions[0].textContent) : el.value;
    el.__guidegenValue = el.value;
    send({ kind: "change", element: describe(el), value });
    return true;
  }
  document.addEventListener("change", event => {
    const el = event.target;
    if (passing || !el.matches || !el.matches("input, select, textarea")) return;
    if (el.type === "checkbox" || el.type === "radio" || el.type === "file") return;
    changed(el);
  }, true);
  // Enter in a field submits (a search box, a login form): the entry is reported first, then the key,
  // which guidegen presses itself once its screenshot and the entry are done.
  document.addEventListener("keydown", event => {
    const el = event.target;
    if (passing || event.key !== "Enter" || !el.matches || !el.matches("input")) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    changed(el);
    send({ kind: "press", key: "Enter", element: describe(el) });
  }, true);

  function panel() {
    if (document.getElementById("guidegen-recorder") || !document.body) return;
    const bar = document.createElement("div");
    bar.id = "guidegen-recorder";
    bar.setAttribute("style", "position:fixed;right:16px;bottom:16px;z-index:2147483647;background:#1d2733;" +
      "color:#fff;font:15px sans-serif;padding:10px 14px;border-radius:10px;box-shadow:0 4px 16px #0006;");
    bar.innerHTML = '<span>● guidegen đang ghi: <b id="guidegen-count">0</b> bước</span> ' +
      '<button type="button" style="margin-left:10px;font:inherit;padding:4px 12px">Xong</button>';
    bar.querySelector("button").addEventListener("click", () => window.guidegenDone());
    document.body.appendChild(bar);
    window.guidegenCount && window.guidegenCount().then(n => { document.getElementById("guidegen-count").textContent = n; });
  }
  window.__guidegenPanel = show => {
    const bar = document.getElementById("guidegen-recorder");
    if (bar) bar.style.visibility = show ? "visible" : "hidden";
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", panel); else panel();
})();
