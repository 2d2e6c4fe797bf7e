/* guidegen search: a small static index in chunks (see generator/site/search.py), loaded with script tags
   so that it works from a USB stick (file://) as well as from a server. Accent-insensitive, IME-safe. */
(function () {
  "use strict";
  var script = document.currentScript;
  var base = script.src.replace(/assets\/search\.js(\?.*)?$/, "");
  var lang = document.documentElement.lang || "vi";
  var TEXT = lang === "en"
    ? { label: "Find a procedure", found: " results", one: " result", none: "Nothing found. Try fewer words.", link: "Search",
        hint: "e.g. birth registration", elsewhere: "Search the Vietnamese guides instead" }
    : { label: "Tìm thủ tục", found: " kết quả", none: "Không tìm thấy. Thử gõ ít chữ hơn.", link: "Tìm kiếm",
        hint: "Ví dụ: khai sinh, dang ky ket hon" };
  var docs = null, shards = {}, waiting = {};

  function fold(text) {
    return text.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function words(text) { return fold(text).match(/[a-z0-9]+/g) || []; }

  function load(name, ready) {
    if (waiting[name]) { waiting[name].push(ready); return; }
    waiting[name] = [ready];
    var tag = document.createElement("script");
    tag.src = base + "assets/search/" + name + ".js";
    tag.onerror = function () { finish(name); };
    document.head.appendChild(tag);
  }
  function finish(name) {
    var callbacks = waiting[name] || [];
    waiting[name] = [];
    callbacks.forEach(function (callback) { callback(); });
  }
  window.ggSearch = {
    docs: function (table) { docs = table; finish("docs"); },
    shard: function (key, table) { shards[key] = table; finish("s-" + key); }
  };

  function need(keys, ready) {
    var missing = keys.filter(function (key) { return key === "docs" ? !docs : !shards[key.slice(2)]; });
    var left = missing.length;
    if (!left) { ready(); return; }
    missing.forEach(function (key) { load(key, function () { if (--left === 0) ready(); }); });
  }

  function rank(query) {
    var terms = words(query).filter(function (word) { return word.length >= 2; });
    var scores = {}, matched = {};
    terms.forEach(function (term, index) {
      var shard = shards[term.slice(0, 2)] || {};
      var last = index === terms.length - 1;  // the word being typed may be half a word
      var best = {};  // a page scores each term once, by its best word: "do" is "do", not "do"+"doanh"+"don"
      Object.keys(shard).forEach(function (word) {
        var exact = word === term;
        if (!exact && !(last && word.indexOf(term) === 0)) return;
        var postings = shard[word];
        for (var i = 0; i < postings.length; i += 2) {
          var id = postings[i], score = postings[i + 1] * (exact ? 2 : 1);
          if (!(best[id] >= score)) best[id] = score;
        }
      });
      Object.keys(best).forEach(function (id) {
        scores[id] = (scores[id] || 0) + best[id];
        (matched[id] = matched[id] || {})[index] = true;
      });
    });
    var folded = fold(query).trim();
    var phrase = {}, glued = terms.join("");  // a title or other name typed whole ("lam so do") ranks first
    var named = terms.length > 1 ? (shards[glued.slice(0, 2)] || {})[glued] || [] : [];
    for (var i = 0; i < named.length; i += 2) phrase[named[i]] = true;
    var ids = Object.keys(scores);
    var all = ids.filter(function (id) { return Object.keys(matched[id]).length === terms.length; });
    return (all.length ? all : ids).map(function (id) {
      var bonus = fold(docs[id][0]).indexOf(folded) >= 0 || phrase[id] ? 100 : 0;
      return { id: +id, score: scores[id] + bonus };
    }).sort(function (a, b) { return b.score - a.score || a.id - b.id; }).slice(0, 20);
  }

  function show(box, list, count, query) {
    var terms = words(query).filter(function (word) { return word.length >= 2; });
    if (!terms.length) { list.innerHTML = ""; count.textContent = ""; return; }
    var keys = ["docs"].concat(terms.map(function (term) { return "s-" + term.slice(0, 2); }));
    need(keys, function () {
      if (box.value !== query) return;  // a newer query is on its way
      var found = rank(query);
      count.textContent = found.length ? found.length + (found.length === 1 && TEXT.one ? TEXT.one : TEXT.found)
        : TEXT.none;
      list.innerHTML = "";
      if (!found.length && TEXT.elsewhere) {  // English finds nothing: the Vietnamese guides may have it
        var item = document.createElement("li"), link = document.createElement("a");
        link.href = base + "../tim-kiem.html?q=" + encodeURIComponent(query);
        link.hreflang = "vi";
        link.textContent = TEXT.elsewhere;
        item.appendChild(link);
        list.appendChild(item);
      }
      found.forEach(function (hit) {
        var doc = docs[hit.id], item = document.createElement("li"), link = document.createElement("a");
        link.href = base + doc[1];
        link.textContent = doc[0];
        if (doc[3]) { link.lang = doc[3]; link.hreflang = doc[3]; }  // a guide only in Vietnamese
        item.appendChild(link);
        if (doc[2]) { var text = document.createElement("p"); text.textContent = doc[2]; item.appendChild(text); }
        list.appendChild(item);
      });
    });
  }

  function attach(box) {
    var list = document.getElementById(box.getAttribute("aria-controls"));
    var count = document.getElementById(box.id + "-count");
    var timer = null;
    function run() { clearTimeout(timer); timer = setTimeout(function () { show(box, list, count, box.value); }, 80); }
    // A phone keyboard (Gboard, Telex, VNI) keeps the current word in composition until a space: search the
    // text as it stands, composing word included. Every event restarts one short timer, so a composition's
    // input and compositionend search once, and `show` drops any answer the box has moved past.
    box.addEventListener("compositionend", run);
    box.addEventListener("input", run);
    var asked = new URLSearchParams(location.search).get("q");
    if (asked) { box.value = asked; run(); }
  }

  function headerLink() {
    var header = document.querySelector(".md-header__inner");
    // Material without its search plugin has no search button: add ours (Zensical brings its own)
    if (!header || document.querySelector(".gg-search-link, .md-search")) return;
    var link = document.createElement("a");
    link.className = "md-header__button md-icon gg-search-link";
    link.href = base + (lang === "en" ? "search.html" : "tim-kiem.html");
    link.setAttribute("aria-label", TEXT.link);
    link.title = TEXT.link;
    link.innerHTML = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true"><path d="M9.5 3A6.5 6.5 0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79l-.27-.27A6.52 6.52 0 0 1 9.5 16 6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5"/></svg>';
    var before = header.querySelector(".md-header__source") || null;
    header.insertBefore(link, before);
  }

  function start() {
    headerLink();
    document.querySelectorAll("input.gg-query").forEach(attach);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
