/* Search over the prebuilt index (search-index.json): a progressive enhancement.
 *
 * Without this script the site works as static pages: the search form stays hidden and
 * the search page links the listing pages. With it, the form appears; on the search page
 * a submitted query is matched against every speech's words (title first), the results
 * are listed, and their count is written to a live region so screen readers announce it.
 *
 * It fetches one file from this site and nothing else, builds results with DOM methods
 * (never innerHTML), and keeps the query in the address (?q=) so results can be shared.
 */
(function () {
  "use strict";

  var form = document.querySelector("[data-search-form]");
  if (!form || !window.fetch || !window.URLSearchParams) {
    return;
  }
  var results = document.querySelector("[data-search-results]");
  if (!results) {
    // A page that only offers the form (the index): it submits to the search page.
    form.hidden = false;
    return;
  }

  var statusEl = document.querySelector("[data-search-status]");
  var fallback = document.querySelector("[data-search-fallback]");
  var input = form.querySelector("input[type=search]");
  var data = form.dataset;
  var root = data.root || "";
  var pageLang = data.lang || document.documentElement.lang;
  var speeches = null;

  function fold(text) {
    return String(text || "")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase();
  }

  function words(text) {
    return fold(text)
      .split(/[^\p{L}\p{N}]+/u)
      .filter(function (w) { return w.length > 0; });
  }

  function prepare(record) {
    var other = [record.lead, record.speaker, record.government, record.publisher,
      record.place, record.occasion, record.date_text, record.date].join(" ");
    return {
      record: record,
      title: words(record.title),
      other: words(other)
    };
  }

  function hit(tokens, word) {
    for (var i = 0; i < tokens.length; i++) {
      if (tokens[i].indexOf(word) === 0) {
        return true;
      }
    }
    return false;
  }

  // Every query word must start a word of the speech; speeches that match in the title
  // come first, then the newest (the index is already newest first).
  function search(query) {
    var wanted = words(query);
    if (wanted.length === 0) {
      return null;
    }
    var scored = [];
    speeches.forEach(function (s, order) {
      var score = 0;
      for (var i = 0; i < wanted.length; i++) {
        if (hit(s.title, wanted[i])) {
          score += 2;
        } else if (hit(s.other, wanted[i])) {
          score += 1;
        } else {
          return;
        }
      }
      scored.push({ s: s, score: score, order: order });
    });
    scored.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
    return scored.map(function (x) { return x.s.record; });
  }

  function el(name, attrs, text) {
    var node = document.createElement(name);
    Object.keys(attrs || {}).forEach(function (key) {
      if (attrs[key] !== null && attrs[key] !== undefined) {
        node.setAttribute(key, attrs[key]);
      }
    });
    if (text !== undefined && text !== null) {
      node.textContent = text;
    }
    return node;
  }

  function foreign(record) {
    return record.lang && record.lang !== pageLang ? record.lang : null;
  }

  function meta(dl, label, value, lang, datetime) {
    if (!value) {
      return;
    }
    var row = el("div");
    row.appendChild(el("dt", null, label));
    row.appendChild(document.createTextNode(" "));
    var dd = el("dd", { lang: lang });
    if (datetime) {
      dd.appendChild(el("time", { datetime: datetime }, value));
    } else {
      dd.textContent = value;
    }
    row.appendChild(dd);
    dl.appendChild(row);
  }

  function item(record) {
    var lang = foreign(record);
    var li = el("li", { "class": "item " + (record.status ? "is-archived" : "is-current") });
    var h = el("h2", { "class": "item-title" });
    h.appendChild(el("a", { href: root + record.href, lang: lang }, record.title));
    li.appendChild(h);
    var status = el("p", { "class": "item-status" });
    status.appendChild(el("span", { "class": "status-tag", lang: record.status ? lang : null },
      record.status || data.current));
    li.appendChild(status);
    var dl = el("dl", { "class": "item-meta" });
    meta(dl, data.labelDate, record.date_text, lang, record.date);
    meta(dl, data.labelSpeaker, record.speaker, lang);
    meta(dl, data.labelGovernment, record.government, lang);
    meta(dl, data.labelPublisher, record.publisher, lang);
    li.appendChild(dl);
    return li;
  }

  function announce(text) {
    // Clear first, so that the same message twice in a row is announced again.
    statusEl.textContent = "";
    window.setTimeout(function () { statusEl.textContent = text; }, 50);
  }

  function show(query) {
    var found = search(query);
    results.textContent = "";
    if (found === null) {
      announce(data.empty);
      return;
    }
    found.forEach(function (record) { results.appendChild(item(record)); });
    var template = found.length === 0 ? data.foundNone
      : found.length === 1 ? data.foundOne : data.foundMany;
    announce(template.replace("{n}", String(found.length)).replace("{q}", query.trim()));
  }

  function remember(query) {
    var url = new URL(window.location.href);
    if (query) {
      url.searchParams.set("q", query);
    } else {
      url.searchParams.delete("q");
    }
    window.history.replaceState(null, "", url.toString());
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (speeches === null) {
      return;
    }
    remember(input.value.trim());
    show(input.value);
  });

  fetch(data.index, { credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      return response.json();
    })
    .then(function (index) {
      speeches = (index.speeches || []).map(prepare);
      form.hidden = false;
      var query = new URLSearchParams(window.location.search).get("q");
      if (query) {
        input.value = query;
        show(query);
      }
    })
    .catch(function () {
      if (fallback) {
        fallback.hidden = false;
      }
    });
})();
