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
  // updated by patching in the parts of its new body that differ (see
  // patch), which keeps the scroll position
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
      if (overlay && overlay.parentNode) overlay.parentNode.removeChild(overlay);
      overlay = null;
      patch(document.body, doc.body, 0);
      showLatest();
      restore(pos);
    }).catch(reload);
  }

  // patch makes the element cur equal to next (a node of the fetched page)
  // by replacing only the children that differ, so that the browser lays
  // out again the changed part of the page, not all of it. Elements whose
  // name, attributes or number of children differ are replaced whole.
  function patch(cur, next, depth) {
    var a = cur.childNodes, b = next.childNodes;
    if (depth > 8 || a.length !== b.length || !sameShell(cur, next)) {
      cur.replaceWith(document.adoptNode(next));
      return;
    }
    for (var i = b.length - 1; i >= 0; i--) {
      var x = a[i], y = b[i];
      if (x.isEqualNode(y)) continue;
      if (x.nodeType === 1 && y.nodeType === 1) {
        patch(x, y, depth + 1);
      } else {
        x.replaceWith(document.adoptNode(y));
      }
    }
  }

  function sameShell(x, y) {
    if (x.nodeName !== y.nodeName || x.attributes.length !== y.attributes.length) return false;
    for (var i = 0; i < x.attributes.length; i++) {
      var at = x.attributes[i];
      if (y.getAttribute(at.name) !== at.value) return false;
    }
    return true;
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
  var latest = null; // the last message: its errors are shown again after a body swap

  // showErrors shows the latest build's problems: in full over this page
  // when this page failed (it is then its last good version) or when the
  // build made no page at all; as a one-line note, opening to the list,
  // when only other pages failed and this one is current.
  function showErrors(m) {
    var mine = (m.failed && m.failed[page]) || null;
    var full = m.stale || !!mine;
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "paperlab-overlay";
      overlay.setAttribute("role", "alert");
      document.body.appendChild(overlay);
    }
    overlay.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;" +
      "margin:0;padding:" + (full ? "1em 1.5em" : ".4em 1.5em") + ";background:#2b0b0b;color:#ffe8e8;border-top:4px solid #e5484d;" +
      "font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;box-shadow:0 -4px 24px rgba(0,0,0,.4)";
    overlay.textContent = "";
    var pre = document.createElement("pre");
    pre.style.cssText = "margin:.75em 0 0;white-space:pre-wrap;font:inherit";
    var title = document.createElement("strong");
    var box = overlay;
    if (m.stale) {
      title.textContent = "paperlab: the build failed; this is the last good page. Fix the file and save.";
      pre.textContent = m.errors.join("\n");
    } else if (mine) {
      title.textContent = "paperlab: this page failed to build; this is its last good version. Fix the file and save.";
      var more = m.errors.length - mine.length;
      pre.textContent = mine.join("\n") + (more > 0 ? "\n(" + more + (more === 1 ? " more problem" : " more problems") +
        " in other files)" : "");
    } else {
      var others = m.failed ? Object.keys(m.failed).length : 0;
      box = document.createElement("details");
      overlay.appendChild(box);
      title = document.createElement("summary");
      title.style.cursor = "pointer";
      title.textContent = "paperlab: this page is current; the build failed " +
        (others ? "in " + others + (others === 1 ? " other page" : " other pages") : "") + " (" + m.errors.length +
        (m.errors.length === 1 ? " problem" : " problems") + ")";
      pre.textContent = m.errors.join("\n");
    }
    box.appendChild(title);
    box.appendChild(pre);
  }

  function hideErrors() {
    if (overlay && overlay.parentNode) overlay.parentNode.removeChild(overlay);
    overlay = null;
  }

  function showLatest() {
    var broken = latest && latest.errors && latest.errors.length;
    // A page that never built is served as its errors; it is replaced when
    // it builds (its file then appears among the changed ones).
    var errorPage = document.getElementById("paperlab-build-error");
    if (errorPage) {
      if (!broken) {
        reload();
      } else {
        errorPage.textContent = ((latest.failed && latest.failed[page]) || latest.errors).join("\n");
      }
      return;
    }
    if (broken) showErrors(latest);
    else hideErrors();
  }

  function handle(m) {
    if (m.boot !== boot) {
      reload(); // the server restarted: the site may have changed meanwhile
      return;
    }
    latest = m;
    showLatest();
    if (m.stale) return; // nothing was rebuilt
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
