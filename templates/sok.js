// vp site: the search page. Reads vp's search index (sok/, see src/site/search.rs)
// in the browser; nothing is sent anywhere. The index's files are scripts that
// set a property of the global vpSok, loaded with <script> tags when a query
// needs them, so the search works from file:// as well as from a server.
// A query word is lowercased and matched as the start of the site's words;
// the words lead to their stems (Snowball Swedish, computed when the site was
// built) and the stems to the goals and sections they occur in. Results with
// every query word come first, then by how many, then by weight (a title's
// words weigh more). The rest of the site needs no script.
(function () {
  'use strict';
  var form = document.getElementById('sok-form');
  var input = document.getElementById('sok-ord');
  var status = document.getElementById('sok-status');
  var list = document.getElementById('sok-resultat');
  if (!form || !input || !status || !list) return;

  var SHOWN = 20;
  var MAX_WORDS = 8;
  var store = self.vpSok = self.vpSok || {};
  var loading = {};

  // One file of the index: sok/NAME.js, which sets vpSok[NAME].
  function load(name) {
    if (store[name]) return Promise.resolve(store[name]);
    if (loading[name]) return loading[name];
    loading[name] = new Promise(function (resolve, reject) {
      var s = document.createElement('script');
      s.src = 'sok/' + name + '.js';
      s.onload = function () {
        if (store[name]) resolve(store[name]);
        else reject(new Error(name));
      };
      s.onerror = function () {
        delete loading[name];
        reject(new Error(name));
      };
      document.head.appendChild(s);
    });
    return loading[name];
  }

  function chars(s) { return Array.from(s); }

  // A shard's key (a word's first two letters) as a file name, as vp writes it.
  function fileKey(key) {
    return chars(key).map(function (c) {
      return /^[a-z0-9]$/.test(c) ? c : '_' + c.codePointAt(0).toString(16);
    }).join('');
  }

  function key(word) { return chars(word).slice(0, 2).join(''); }

  function shard(k) { return load('o-' + fileKey(k)); }

  function queryWords(query) {
    var seen = {};
    return query.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(function (w) {
      if (!w || seen[w]) return false;
      seen[w] = true;
      return true;
    }).slice(0, MAX_WORDS);
  }

  // Swedish inflectional endings (the Snowball Swedish stemmer's first step's,
  // and a few it leaves): a query word the plans write in another form
  // (feriejobben, where the plans have feriejobb) is found by the longest
  // stem it starts with when the rest is one of these.
  var ENDINGS = ('a arna erna heterna orna ad e ade ande arne are aste en anden aren heten ern ar er ' +
    'heter or as arnas ernas ornas es ades andes ens arens hetens erns at andet het ast s ' +
    'n t et an na ans ets ns ts ena').split(' ');

  // The stems of the words that start with `word`, and of the word's own stem
  // when it is an inflected form of a stem in the index.
  function stemsOf(index, word) {
    var k = key(word);
    var keys = chars(word).length >= 2
      ? index.o.filter(function (o) { return o === k; })
      : index.o.filter(function (o) { return o.indexOf(word) === 0; });
    return Promise.all(keys.map(shard)).then(function (shards) {
      var stems = {};
      var own = '';
      shards.forEach(function (s) {
        s.w.forEach(function (e) {
          if (e[0].indexOf(word) === 0) stems[e[1] || e[0]] = true;
        });
        Object.keys(s.s).forEach(function (stem) {
          if (stem.length > own.length && stem.length >= 3 && word.indexOf(stem) === 0 &&
              ENDINGS.indexOf(word.slice(stem.length)) >= 0) own = stem;
        });
      });
      if (own) stems[own] = true;
      return Object.keys(stems);
    });
  }

  // Document → weight, over the stems' postings.
  function postings(stems) {
    return Promise.all(stems.map(function (stem) {
      return shard(key(stem)).then(function (s) { return s.s[stem] || []; });
    })).then(function (lists) {
      var weights = new Map();
      lists.forEach(function (p) {
        var doc = 0;
        for (var i = 0; i < p.length; i += 2) {
          doc += p[i];
          weights.set(doc, (weights.get(doc) || 0) + p[i + 1]);
        }
      });
      return weights;
    });
  }

  function search(words) {
    var stems = [];
    return load('index').then(function (index) {
      return Promise.all(words.map(function (w) {
        return stemsOf(index, w).then(function (s) {
          stems.push.apply(stems, s);
          return postings(s);
        });
      })).then(function (perWord) {
        var found = new Map();
        perWord.forEach(function (weights) {
          weights.forEach(function (w, doc) {
            var f = found.get(doc) || { doc: doc, words: 0, weight: 0 };
            f.words += 1;
            f.weight += w;
            found.set(doc, f);
          });
        });
        var results = Array.from(found.values());
        results.sort(function (a, b) {
          return b.words - a.words || b.weight - a.weight || a.doc - b.doc;
        });
        return { index: index, results: results, stems: stems };
      });
    });
  }

  // The documents' page, anchor, title, label and excerpt, from their chunks.
  function describe(index, results) {
    var chunks = {};
    results.forEach(function (r) { chunks[Math.floor(r.doc / index.m)] = true; });
    return Promise.all(Object.keys(chunks).map(function (n) {
      return load('m-' + n).then(function (m) { chunks[n] = m; });
    })).then(function () {
      return results.map(function (r) {
        var m = chunks[Math.floor(r.doc / index.m)];
        var d = m.d[r.doc % index.m];
        var page = m.p[d[0]];
        return { url: page[0] + '#' + encodeURIComponent(d[1]), label: page[1], title: d[2], excerpt: d[3], words: r.words };
      });
    });
  }

  // The excerpt as text, with the words found marked: those that start with a
  // query word or with a stem it led to.
  function excerpt(text, words) {
    var p = document.createElement('p');
    text.split(/([\p{L}\p{N}]+)/u).forEach(function (part) {
      var lower = part.toLowerCase();
      if (part && words.some(function (w) { return lower.indexOf(w) === 0; })) {
        var mark = document.createElement('mark');
        mark.textContent = part;
        p.appendChild(mark);
      } else if (part) {
        p.appendChild(document.createTextNode(part));
      }
    });
    return p;
  }

  function show(found, words, marked) {
    list.textContent = '';
    found.forEach(function (r) {
      var li = document.createElement('li');
      var h = document.createElement('h2');
      var a = document.createElement('a');
      a.href = r.url;
      a.textContent = r.title;
      h.appendChild(a);
      li.appendChild(h);
      var label = document.createElement('p');
      label.className = 'result-label';
      label.textContent = r.label + (r.words < words.length ? ' (' + r.words + ' av ' + words.length + ' sökord)' : '');
      li.appendChild(label);
      if (r.excerpt) li.appendChild(excerpt(r.excerpt, marked));
      list.appendChild(li);
    });
  }

  var latest = 0;
  function run(query) {
    var words = queryWords(query);
    var shown = query.trim();
    if (words.length === 0) {
      status.textContent = 'Skriv ett sökord.';
      list.textContent = '';
      return;
    }
    var ticket = ++latest;
    status.textContent = 'Söker …';
    search(words).then(function (s) {
      return describe(s.index, s.results.slice(0, SHOWN)).then(function (found) {
        if (ticket !== latest) return;
        show(found, words, words.concat(s.stems));
        var total = s.results.length;
        var all = s.results.filter(function (r) { return r.words === words.length; }).length;
        var text;
        if (total === 0) {
          text = 'Inga träffar för ”' + shown + '”.';
        } else {
          text = total + (total === 1 ? ' mål eller avsnitt' : ' mål och avsnitt') + ' med ”' + shown + '”';
          if (words.length > 1) text += ' (' + all + ' med alla sökorden)';
          text += total > SHOWN ? ', de ' + SHOWN + ' första visas.' : '.';
        }
        status.textContent = text;
      });
    }).catch(function () {
      if (ticket !== latest) return;
      list.textContent = '';
      status.textContent = 'Sökindexet saknas: webbplatsen byggdes utan sökindex (vp site --utan-sok). Bygg den igen utan --utan-sok.';
    });
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var query = input.value;
    if (history.replaceState && location.protocol !== 'file:') {
      history.replaceState(null, '', '?q=' + encodeURIComponent(query));
    }
    run(query);
  });

  var initial = new URLSearchParams(location.search).get('q');
  if (initial) {
    input.value = initial;
    run(initial);
  }
})();
