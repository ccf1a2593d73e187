// Search for the exported dossier: runs from a file:// page, no server, no network.
// The index (window.DOSSIER_SEARCH) is [url, kind, title, folded text] per record;
// the query is folded the same way (case, accents, ligatures) before matching.
(function () {
  "use strict";
  var input = document.getElementById("search");
  var list = document.getElementById("results");
  var entries = window.DOSSIER_SEARCH || [];
  var root = document.body.getAttribute("data-root") || "";
  if (!input || !list) return;

  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/\u2019/g, "'").replace(/\u0153/g, "oe").replace(/\u00e6/g, "ae").replace(/\u00df/g, "ss");
  }

  function search(query) {
    var words = fold(query).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    if (!words.length) return [];
    var hits = [];
    entries.forEach(function (entry) {
      var title = fold(entry[2]);
      var score = 0;
      for (var i = 0; i < words.length; i++) {
        var at = title.indexOf(words[i]);
        if (at === 0 || (at > 0 && /[^\p{L}\p{N}]/u.test(title.charAt(at - 1)))) score += 4;  // a title word starts so
        else if (at > 0) score += 3;
        else if (entry[3].indexOf(words[i]) >= 0) score += 1;
        else return;
      }
      hits.push([score, entry]);
    });
    hits.sort(function (a, b) { return b[0] - a[0]; });
    return hits.slice(0, 30).map(function (hit) { return hit[1]; });
  }

  function show() {
    var hits = search(input.value);
    list.textContent = "";
    hits.forEach(function (entry) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = root + entry[0];
      link.textContent = entry[2];  // text, never HTML
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = entry[1];
      item.appendChild(kind);
      item.appendChild(link);
      list.appendChild(item);
    });
    if (!hits.length && input.value.trim()) {
      var none = document.createElement("li");
      none.className = "none";
      none.textContent = "no match";
      list.appendChild(none);
    }
    list.hidden = !input.value.trim();
  }

  input.addEventListener("input", show);
  input.addEventListener("focus", show);
  document.addEventListener("click", function (event) {
    if (!event.target.closest(".search")) list.hidden = true;
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      var first = list.querySelector("a");
      if (first) window.location.href = first.href;
    } else if (event.key === "Escape") {
      input.value = "";
      show();
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "/" && document.activeElement !== input) {
      event.preventDefault();
      input.focus();
    }
  });
})();
