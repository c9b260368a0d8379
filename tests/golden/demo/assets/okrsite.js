/* okrsite: search over a prebuilt index (loaded as a script, so it works from file:// too)
   and small keyboard comforts. The site is fully usable without this file. */
(function () {
  "use strict";
  var root = document.documentElement.getAttribute("data-root") || "";
  var form = document.querySelector(".search");
  if (!form) return;
  var input = form.querySelector("input");
  var list = form.querySelector(".search-results");
  var loading = false;
  var selected = -1;

  function load(then) {
    if (window.OKRSITE_SEARCH) { then(); return; }
    if (loading) return;
    loading = true;
    var script = document.createElement("script");
    script.src = form.getAttribute("data-index");
    script.onload = function () { loading = false; then(); };
    script.onerror = function () { loading = false; };
    document.head.appendChild(script);
  }

  function normalize(text) {
    return text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  }

  function score(entry, words) {
    var title = normalize(entry.t), all = title + " " + normalize(entry.s) + " " + entry.k;
    var total = 0;
    for (var i = 0; i < words.length; i++) {
      var at = all.indexOf(words[i]);
      if (at < 0) return 0;
      total += title.indexOf(words[i]) === 0 ? 3 : title.indexOf(words[i]) > 0 ? 2 : 1;
    }
    return total;
  }

  function render() {
    var words = normalize(input.value.trim()).split(/\s+/).filter(Boolean);
    list.textContent = "";
    selected = -1;
    if (!words.length || !window.OKRSITE_SEARCH) { hide(); return; }
    var hits = [];
    window.OKRSITE_SEARCH.forEach(function (entry) {
      var s = score(entry, words);
      if (s) hits.push([s, entry]);
    });
    hits.sort(function (a, b) { return b[0] - a[0] || a[1].t.localeCompare(b[1].t); });
    hits.slice(0, 12).forEach(function (hit) {
      var entry = hit[1];
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + entry.u;
      a.setAttribute("role", "option");
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = entry.k;
      a.appendChild(kind);
      a.appendChild(document.createTextNode(entry.t));
      if (entry.s) {
        var sub = document.createElement("span");
        sub.className = "sub";
        sub.textContent = entry.s;
        a.appendChild(sub);
      }
      li.appendChild(a);
      list.appendChild(li);
    });
    if (!hits.length) {
      var none = document.createElement("li");
      none.className = "muted";
      none.textContent = form.getAttribute("data-none") || "No match";
      none.style.padding = "8px 10px";
      list.appendChild(none);
    }
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function hide() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
  }

  function move(step) {
    var links = list.querySelectorAll("a");
    if (!links.length) return;
    if (selected >= 0) links[selected].removeAttribute("aria-selected");
    selected = (selected + step + links.length) % links.length;
    links[selected].setAttribute("aria-selected", "true");
    links[selected].scrollIntoView({ block: "nearest" });
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); });
  input.addEventListener("focus", function () { load(render); });
  input.addEventListener("input", function () { load(render); });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") { move(1); event.preventDefault(); }
    else if (event.key === "ArrowUp") { move(-1); event.preventDefault(); }
    else if (event.key === "Enter") {
      var links = list.querySelectorAll("a");
      var target = links[selected >= 0 ? selected : 0];
      if (target) window.location.href = target.href;
    } else if (event.key === "Escape") { hide(); input.blur(); }
  });
  document.addEventListener("click", function (event) { if (!form.contains(event.target)) hide(); });
  document.addEventListener("keydown", function (event) {
    var tag = (event.target.tagName || "").toLowerCase();
    if (event.key === "/" && tag !== "input" && tag !== "textarea") { event.preventDefault(); input.focus(); }
  });
})();

/* Filters: the tag and owner links lead to their pages; where the page shows the objectives'
   cards (data-cards), a plain click narrows those cards in place instead, and clicking the same
   link again, or "Show all", brings them back. */
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("nav.filters[data-cards]"), function (nav) {
    var grid = document.getElementById(nav.getAttribute("data-cards"));
    var status = nav.querySelector(".filter-status");
    if (!grid || !status) return;
    var cards = grid.querySelectorAll("[data-tags]");
    var active = null;

    function matches(card, link) {
      var tag = link.getAttribute("data-tag");
      if (tag !== null) return (" " + card.getAttribute("data-tags") + " ").indexOf(" " + tag + " ") >= 0;
      return card.getAttribute("data-owner") === link.getAttribute("data-owner");
    }

    // The words come from the page (data-* of the status line), in the site's language.
    function say(attribute, link, shown) {
      return status.getAttribute(attribute).replace("{shown}", shown).replace("{total}", cards.length)
        .replace("{name}", link.textContent);
    }

    function apply(link) {
      if (active) active.removeAttribute("aria-current");
      active = link;
      var shown = 0;
      Array.prototype.forEach.call(cards, function (card) {
        var show = !link || matches(card, link);
        card.hidden = !show;
        if (show) shown += 1;
      });
      status.textContent = "";
      if (!link) return;
      link.setAttribute("aria-current", "true");
      var tag = link.hasAttribute("data-tag");
      status.appendChild(document.createTextNode(say(tag ? "data-tagged" : "data-owned", link, shown) + " "));
      var more = document.createElement("a");
      more.href = link.href;
      more.textContent = say(tag ? "data-every" : "data-page", link, shown);
      status.appendChild(more);
      status.appendChild(document.createTextNode(" · "));
      var all = document.createElement("button");
      all.type = "button";
      all.className = "link-button";
      all.textContent = status.getAttribute("data-all");
      all.addEventListener("click", function () { apply(null); link.focus(); });
      status.appendChild(all);
    }

    nav.addEventListener("click", function (event) {
      var link = event.target.closest("a[data-tag], a[data-owner]");
      if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      apply(link === active ? null : link);
    });
  });
})();
