// Search for the exported dossier: runs from a file:// page, no server, no network.
// window.DOSSIER_SEARCH is the app's own search index (dossier/export/site_search.py):
// each word's records per field, the field weights and the ranking's rules. The query
// is folded and cut into words as dossier/model/text.py does, and the scores added up
// as SearchIndex.search does, so that the site lists hits in the app's order.
(function () {
  "use strict";
  var input = document.getElementById("search");
  var list = document.getElementById("results");
  var data = window.DOSSIER_SEARCH || {records: [], names: [], weights: [], words: [], postings: [],
    nameWords: [], namePostings: [], rules: {}};
  var rules = data.rules;
  var root = document.body.getAttribute("data-root") || "";
  if (!input || !list) return;
  var LIMIT = 30;

  function fold(text) {
    return text.toLowerCase().replace(/\u00df/g, "ss").normalize("NFKD").replace(/\p{M}/gu, "")
      .replace(/\u2019/g, "'").replace(/\u0153/g, "oe").replace(/\u00e6/g, "ae");
  }

  // A number with a separator is one word, its separator written "." ("14,3" = "14.3").
  var WORD = /\p{Nd}+(?:[.,]\p{Nd}+)+|[\p{L}\p{N}_]+/gu;
  function queryWords(text) {
    return (fold(text).match(WORD) || []).map(function (word) {
      return word.replace(/(?<=\p{Nd})[.,](?=\p{Nd})/gu, ".");
    });
  }

  var positions = new Map(data.words.map(function (word, at) { return [word, at]; }));

  // Record number -> the best score with which `word` matches it: as a whole word in
  // any field, and if `prefix`, as the start of longer words (names and titles only
  // for a word under rules.shortPrefix letters), at rules.prefixFactor of the weight.
  function scoresOf(word, prefix) {
    var best = new Map();
    function add(groups, factor) {
      groups.forEach(function (group) {
        var score = factor === 1 ? data.weights[group[0]] : data.weights[group[0]] * factor;
        group[1].forEach(function (number) {
          var old = best.get(number);
          if (old === undefined || old < score) best.set(number, score);
        });
      });
    }
    var at = positions.get(word);
    if (at !== undefined) add(data.postings[at], 1);
    if (prefix) {
      var short = word.length < rules.shortPrefix;
      var words = short ? data.nameWords : data.words;
      var postings = short ? data.namePostings : data.postings;
      var taken = 0;
      for (var i = 0; i < words.length && taken < rules.prefixWords; i++) {
        if (words[i] !== word && words[i].startsWith(word)) {
          add(postings[i], rules.prefixFactor);
          taken++;
        }
      }
    }
    return best;
  }

  function search(query) {
    var terms = queryWords(query);
    if (!terms.length) return [];
    var perTerm = terms.map(function (term, n) {
      return scoresOf(term, n === terms.length - 1 || term.length >= rules.shortPrefix);
    });
    if (perTerm.some(function (found) { return found.size === 0; })) return [];
    var folded = fold(query).split(/\s+/).filter(Boolean).join(" ");
    var ranked = [];
    perTerm[0].forEach(function (first, number) {
      var total = perTerm.length === 1 ? first : 0;
      if (perTerm.length > 1) {
        for (var t = 0; t < perTerm.length; t++) {
          var score = perTerm[t].get(number);
          if (score === undefined) return;
          total += score;
        }
      }
      var name = data.names[number];
      if (name && name === folded) total += rules.exactNameBonus;  // names only: "" for a title
      else if (name && name.startsWith(folded)) total += rules.nameStartBonus;
      ranked.push([total, number]);
    });
    ranked.sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; });
    return ranked.slice(0, LIMIT).map(function (hit) { return data.records[hit[1]]; });
  }
  window.dossierSearch = search;  // for tests: the hits of a query, best first

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
