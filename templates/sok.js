// vp site: the search page. Reads the Pagefind index built over the site
// (pagefind/), in the browser; nothing is sent anywhere. The rest of the site
// needs no script.
(function () {
  'use strict';
  var form = document.getElementById('sok-form');
  var input = document.getElementById('sok-ord');
  var status = document.getElementById('sok-status');
  var list = document.getElementById('sok-resultat');
  if (!form || !input || !status || !list) return;

  // Browsers do not let a page opened as a file read the index.
  if (location.protocol === 'file:') {
    document.getElementById('sok-fil').hidden = false;
    return;
  }

  var pagefind = null;
  function load() {
    if (pagefind) return Promise.resolve(pagefind);
    return import('./pagefind/pagefind.js').then(function (p) {
      pagefind = p;
      return p;
    });
  }

  // Pagefind's excerpts are escaped text with <mark> around the hits: only those tags are kept.
  function excerpt(html) {
    var p = document.createElement('p');
    p.innerHTML = String(html).replace(/<(?!\/?mark>)/g, '&lt;');
    return p;
  }

  // Pagefind's addresses start at the site's root; the search page stands there.
  function relative(url) {
    return String(url).replace(/^\/+/, '');
  }

  function link(url, title) {
    var a = document.createElement('a');
    a.href = relative(url);
    a.textContent = title;
    return a;
  }

  function show(query, results) {
    list.textContent = '';
    results.forEach(function (r) {
      var li = document.createElement('li');
      var h = document.createElement('h2');
      h.appendChild(link(r.url, (r.meta && r.meta.title) || r.url));
      li.appendChild(h);
      li.appendChild(excerpt(r.excerpt));
      var subs = (r.sub_results || []).filter(function (s) { return s.url !== r.url; }).slice(0, 5);
      if (subs.length) {
        var ul = document.createElement('ul');
        subs.forEach(function (s) {
          var sli = document.createElement('li');
          sli.appendChild(link(s.url, s.title));
          sli.appendChild(excerpt(s.excerpt));
          ul.appendChild(sli);
        });
        li.appendChild(ul);
      }
      list.appendChild(li);
    });
  }

  function run(query) {
    query = query.trim();
    if (!query) {
      status.textContent = 'Skriv ett sökord.';
      list.textContent = '';
      return;
    }
    status.textContent = 'Söker …';
    load().then(function (p) {
      return p.search(query);
    }).then(function (search) {
      var total = search.results.length;
      return Promise.all(search.results.slice(0, 20).map(function (r) { return r.data(); }))
        .then(function (results) {
          show(query, results);
          status.textContent = total === 0
            ? 'Inga träffar för ”' + query + '”.'
            : total + (total === 1 ? ' sida' : ' sidor') + ' med ”' + query + '”' + (total > 20 ? ', de 20 första visas.' : '.');
        });
    }).catch(function () {
      status.textContent = 'Sökindexet saknas: webbplatsen byggdes utan Pagefind. Bygg den igen med vp site när pagefind är installerat (npm install pagefind).';
    });
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var query = input.value;
    if (history.replaceState) {
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
