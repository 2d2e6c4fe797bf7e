// How guidegen describes an element of a portal page: its role, accessible name, label, placeholder, text,
// test id, row and container, from which the Python side picks the most readable locator that is unique.
// Shared by the recorder (a click becomes a step) and capture (every element of a screenshot, for the
// studio's click-to-pick). Defines window.__guidegenDescribe and window.__guidegenElements.
(() => {
  if (window.__guidegenDescribe) return;
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
    if (/^h[1-6]$/.test(tag)) return "heading";
    if (tag === "nav") return "navigation";
    if (tag === "img" && el.getAttribute("alt")) return "img";
    if (tag === "tr") return "row";
    if (tag === "th") return "columnheader";
    if (tag === "form" && (el.getAttribute("aria-label") || el.getAttribute("aria-labelledby"))) return "form";
    if (tag === "dialog") return "dialog";
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

  window.__guidegenDescribe = describe;
  window.__guidegenClean = clean;
  window.__guidegenActive = ACTIVE;

  // every interactive or labelled element the viewport shows, with its box (CSS pixels), at most `limit`
  window.__guidegenElements = limit => {
    const found = [];
    const seen = new Set();
    const width = innerWidth, height = innerHeight;
    for (const el of document.querySelectorAll(ACTIVE + ", h1, h2, h3, legend, th, [aria-label], form, " +
                                               "[role=row], tr, [role=region], [role=dialog], img[alt]")) {
      if (found.length >= limit) break;
      if (seen.has(el) || el.closest("#guidegen-recorder")) continue;
      seen.add(el);
      const box = el.getBoundingClientRect();
      if (box.width < 4 || box.height < 4 || box.right <= 0 || box.bottom <= 0 || box.left >= width ||
          box.top >= height) continue;
      const style = getComputedStyle(el);
      if (style.visibility === "hidden" || style.display === "none" || Number(style.opacity) === 0) continue;
      found.push({ ...describe(el), box: [box.left, box.top, box.width, box.height] });
    }
    return found;
  };
})();
