// paperlab serve's live-reload client. It is injected into pages by the
// development server only, never into built sites.
(function () {
  "use strict";
  if (window.paperlabLive) return; // a page swapped in carries the script again
  window.paperlabLive = 1;
  var me = document.currentScript;
  var page = me.dataset.page;
  var boot = me.dataset.boot;
  var version = me.dataset.version;
  var scrollKey = "paperlab-scroll:" + location.pathname;

  // Where the reader is: the nearest heading above the top of the window
  // and the distance from it, and the plain scroll offset as a fallback.
  function position() {
    var best = null;
    var hs = document.querySelectorAll("h1[id],h2[id],h3[id],h4[id],h5[id],h6[id]");
    for (var i = 0; i < hs.length; i++) {
      if (hs[i].getBoundingClientRect().top <= 1) best = hs[i];
    }
    return {
      y: window.scrollY,
      id: best ? best.id : "",
      dy: best ? -best.getBoundingClientRect().top : 0
    };
  }

  function restoreSaved() {
    var saved;
    try {
      saved = JSON.parse(sessionStorage.getItem(scrollKey) || "null");
      sessionStorage.removeItem(scrollKey);
    } catch (e) {
      return;
    }
    if (saved) restore(saved);
  }

  function restore(saved) {
    var h = saved.id && document.getElementById(saved.id);
    if (h) {
      window.scrollTo(0, h.getBoundingClientRect().top + window.scrollY + saved.dy);
    } else {
      window.scrollTo(0, saved.y);
    }
  }

  function reload() {
    try {
      sessionStorage.setItem(scrollKey, JSON.stringify(position()));
    } catch (e) {}
    location.reload();
  }

  // The head as served; while it stays the same, a changed page is
  // updated by swapping in its new body, which keeps the scroll position
  // and costs no new requests for stylesheets. Built pages have no
  // scripts, so nothing is lost. Otherwise the page reloads.
  var head = document.head.innerHTML;

  function update() {
    var pos = position();
    fetch(location.href, { cache: "no-store" }).then(function (r) {
      return r.text();
    }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      if (doc.head.innerHTML !== head || !doc.body) {
        reload();
        return;
      }
      document.body.replaceWith(document.adoptNode(doc.body));
      overlay = null;
      restore(pos);
    }).catch(reload);
  }

  // swapCSS loads each changed stylesheet again under a new query and
  // drops the old element once the new one has loaded: no reload, no flash.
  function swapCSS(files) {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var link = links[i];
      var url = new URL(link.href, location.href);
      if (url.origin !== location.origin) continue;
      var file = url.pathname.replace(/^\//, "");
      if (files.indexOf(file) < 0) continue;
      url.searchParams.set("paperlab", String(Date.now()));
      var next = link.cloneNode();
      next.href = url.pathname + url.search;
      next.onload = next.onerror = (function (old) {
        return function () {
          if (old.parentNode) old.parentNode.removeChild(old);
        };
      })(link);
      link.parentNode.insertBefore(next, link.nextSibling);
    }
  }

  var overlay = null;

  function showErrors(errors) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "paperlab-overlay";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;" +
        "margin:0;padding:1em 1.5em;background:#2b0b0b;color:#ffe8e8;border-top:4px solid #e5484d;" +
        "font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;box-shadow:0 -4px 24px rgba(0,0,0,.4)";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "";
    var title = document.createElement("strong");
    title.textContent = "paperlab: the build failed; this is the last good page. Fix the file and save.";
    overlay.appendChild(title);
    var pre = document.createElement("pre");
    pre.style.cssText = "margin:.75em 0 0;white-space:pre-wrap;font:inherit";
    pre.textContent = errors.join("\n");
    overlay.appendChild(pre);
  }

  function hideErrors() {
    if (overlay && overlay.parentNode) overlay.parentNode.removeChild(overlay);
    overlay = null;
  }

  function handle(m) {
    if (m.boot !== boot) {
      reload(); // the server restarted: the site may have changed meanwhile
      return;
    }
    if (m.errors && m.errors.length) {
      showErrors(m.errors);
      return;
    }
    hideErrors();
    if (m.all) {
      reload();
      return;
    }
    if (m.changed && m.changed.indexOf(page) >= 0) {
      update();
      return;
    }
    if (m.css && m.css.length) swapCSS(m.css);
  }

  var source = null;

  function connect() {
    source = new EventSource("/_paperlab/events?page=" + encodeURIComponent(page) +
      "&boot=" + encodeURIComponent(boot) + "&v=" + encodeURIComponent(version));
    source.onmessage = function (e) {
      handle(JSON.parse(e.data));
    };
    source.onerror = function () {
      // The browser retries by itself unless it gave up; then start again.
      if (source.readyState === EventSource.CLOSED) {
        source.close();
        setTimeout(connect, 1000);
      }
    };
  }

  restoreSaved();
  connect();
})();
