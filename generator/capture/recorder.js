// guidegen's recorder, injected into every page of a recording. It stops each click before the page
// sees it and hands it to guidegen, which takes the screenshot first and then does the click itself.
// Typed values are reported only so that guidegen can replace them with a synthetic persona's.
(() => {
  if (window.__guidegenRecorder) return;
  window.__guidegenRecorder = true;
  let passing = false;  // guidegen is doing an action itself: let it through
  window.__guidegenPass = on => { passing = on; };
  window.__guidegenBusy = 0;
  const ACTIVE = "a[href], button, input, select, textarea, summary, label, [role=button], [role=link], " +
                 "[role=checkbox], [role=tab], [role=menuitem], [role=option], [onclick]";
  const TEXT_INPUT = /^(text|search|email|tel|url|number|password|date|)$/;

  function clean(text) { return (text || "").replace(/\s+/g, " ").trim(); }

  function roleOf(el) {
    const explicit = el.getAttribute("role");
    if (explicit) return explicit.split(" ")[0];
    const tag = el.tagName.toLowerCase();
    const type = (el.getAttribute("type") || "").toLowerCase();
    if (tag === "a" && el.hasAttribute("href")) return "link";
    if (tag === "button" || (tag === "input" && /^(button|submit|reset|image)$/.test(type))) return "button";
    if (tag === "select") return el.multiple ? "listbox" : "combobox";
    if (tag === "textarea") return "textbox";
    if (tag === "input") {
      if (type === "checkbox" || type === "radio") return type;
      if (type === "search") return "searchbox";
      if (type === "number") return "spinbutton";
      if (TEXT_INPUT.test(type) && type !== "password" && type !== "date") return "textbox";
    }
    if (tag === "summary") return "button";
    return null;
  }

  function labelOf(el) {
    const labelled = el.getAttribute("aria-labelledby");
    if (labelled) return clean(labelled.split(" ").map(id => (document.getElementById(id) || {}).textContent).join(" "));
    if (el.labels && el.labels.length) return clean(el.labels[0].textContent);
    return "";
  }

  function nameOf(el) {
    const aria = clean(el.getAttribute("aria-label"));
    if (aria) return aria;
    const label = labelOf(el);
    if (label) return label;
    const tag = el.tagName.toLowerCase();
    if (tag === "input" && /^(button|submit|reset)$/.test(el.type)) return clean(el.value);
    if (!/^(input|select|textarea)$/.test(tag)) return clean(el.innerText || el.textContent);
    return clean(el.getAttribute("title") || el.getAttribute("placeholder"));
  }

  function container(el) {
    const box = el.parentElement && el.parentElement.closest("article, section[aria-labelledby], section[aria-label], " +
                                                             "[role=region], [role=article], form[aria-label]");
    if (!box) return null;
    const role = box.getAttribute("role") || {article: "article", section: "region", form: "form"}[box.tagName.toLowerCase()];
    return { role, name: nameOf(box) };
  }

  function cssPath(el) {
    const parts = [];
    for (let node = el; node && node.nodeType === 1 && parts.length < 6; node = node.parentElement) {
      if (node.id) { parts.unshift("#" + CSS.escape(node.id)); break; }
      const siblings = node.parentElement ? [...node.parentElement.children].filter(c => c.tagName === node.tagName) : [];
      const index = siblings.indexOf(node) + 1;
      parts.unshift(node.tagName.toLowerCase() + (siblings.length > 1 ? `:nth-of-type(${index})` : ""));
    }
    return parts.join(" > ");
  }

  function rowOf(el) {  // the first cell's text of the table row around the element (names the row)
    const row = el.closest("tr, [role=row]");
    if (!row) return "";
    const cell = row.querySelector("td, th, [role=cell], [role=gridcell], [role=rowheader]");
    return cell && !cell.contains(el) ? clean(cell.innerText).slice(0, 80) : "";
  }

  function describe(el) {
    return {
      row: rowOf(el),
      role: roleOf(el), name: nameOf(el), label: labelOf(el), placeholder: el.getAttribute("placeholder") || "",
      testid: el.getAttribute("data-testid") || "", text: clean(el.innerText).slice(0, 80), css: cssPath(el),
      tag: el.tagName.toLowerCase(), type: (el.getAttribute("type") || "").toLowerCase(), container: container(el),
      password: el.type === "password",
    };
  }

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
