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
      none.textContent = "No match";
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
