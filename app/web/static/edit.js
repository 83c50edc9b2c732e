/* vanthu edit form: add, remove and reorder list rows in the page, without a round trip.
 *
 * Without JavaScript the same buttons post the form and the server does the same thing
 * (see app/web/formdata.py apply_op), so this file is a convenience, not a requirement.
 * Field names are flat and indexed ("targets-4-metrics-0-value"); after every change the rows of
 * a list are renumbered so that the names stay in page order.
 */
(function () {
  "use strict";

  var MARKERS = ["", "f-", "e-", "h-", "add:", "del:", "up:", "down:"];
  var ATTRS = ["name", "id", "for", "aria-describedby", "data-prefix", "data-list", "value"];

  /* Rename one attribute token whose (marker-stripped) value is oldPrefix or starts with oldPrefix-. */
  function renameToken(token, oldPrefix, newPrefix) {
    for (var i = 0; i < MARKERS.length; i++) {
      var head = MARKERS[i] + oldPrefix;
      if (token === head || token.indexOf(head + "-") === 0) {
        return MARKERS[i] + newPrefix + token.slice(head.length);
      }
    }
    return token;
  }

  function renameSubtree(root, oldPrefix, newPrefix) {
    if (oldPrefix === newPrefix) { return; }
    var nodes = [root].concat(Array.prototype.slice.call(root.querySelectorAll("*")));
    nodes.forEach(function (el) {
      ATTRS.forEach(function (attr) {
        if (!el.hasAttribute(attr)) { return; }
        // A text box's value is user text, never a name: only buttons carry names in value.
        if (attr === "value" && !(el.tagName === "BUTTON" && el.name === "_op")) { return; }
        var parts = el.getAttribute(attr).split(" ").map(function (t) {
          return renameToken(t, oldPrefix, newPrefix);
        });
        el.setAttribute(attr, parts.join(" "));
      });
    });
  }

  function itemsOf(list) {
    var ol = list.querySelector(":scope > ol.items");
    return ol ? Array.prototype.slice.call(ol.children) : [];
  }

  /* Give every row of `list` the name of its position; update the visible numbers. */
  function renumber(list) {
    var base = list.getAttribute("data-list");
    itemsOf(list).forEach(function (item, k) {
      renameSubtree(item, item.getAttribute("data-prefix"), base + "-" + k);
      item.querySelectorAll(".num").forEach(function (num) {
        if (num.closest("li.item") === item) { num.textContent = String(k + 1); }
      });
    });
  }

  function addItem(list) {
    var template = list.querySelector(":scope > template");
    var ol = list.querySelector(":scope > ol.items");
    var fragment = template.content.cloneNode(true);
    var item = fragment.querySelector("li.item");
    ol.appendChild(fragment);
    renameSubtree(item, "__P__", list.getAttribute("data-list") + "-" + (ol.children.length - 1));
    renumber(list);
    var first = item.querySelector("textarea, input:not([type=hidden]), select");
    if (first) { first.focus(); }
  }

  /* Removing a row can be undone (one shared bar for every list, #undo-bar from _form.html's
   * undo_bar): the row is kept aside with its typed values and put back where it was. The bar
   * takes the focus, so a keyboard user can undo with Enter or close it with Escape; it goes away
   * after UNDO_MS, or at the next removal, but never while the focus is on it. */
  var UNDO_MS = 10000;
  var bar = document.getElementById("undo-bar");
  var pending = null;  // {item, list, index, focusAfter, expired, timer}

  function closeUndo(focusTarget) {
    if (!pending) { return; }
    window.clearTimeout(pending.timer);
    var inBar = bar.contains(document.activeElement);
    pending = null;
    bar.querySelector(".undo-inner").hidden = true;
    bar.querySelector(".undo-text").textContent = "";
    if (inBar && focusTarget && document.contains(focusTarget)) { focusTarget.focus(); }
  }

  function offerUndo(item, list, index, focusAfter, what) {
    closeUndo(null);
    pending = {item: item, list: list, index: index, focusAfter: focusAfter, expired: false};
    bar.querySelector(".undo-text").textContent = bar.getAttribute("data-text").replace("%(what)s", what);
    bar.querySelector(".undo-inner").hidden = false;
    bar.querySelector(".undo-button").focus();
    var mine = pending;
    pending.timer = window.setTimeout(function () {
      mine.expired = true;
      if (pending === mine && !bar.contains(document.activeElement)) { closeUndo(null); }
    }, UNDO_MS);
  }

  function undoRemove() {
    if (!pending) { return; }
    var p = pending;
    var ol = p.list.querySelector(":scope > ol.items");
    ol.insertBefore(p.item, ol.children[p.index] || null);
    renumber(p.list);
    closeUndo(null);
    var again = p.item.querySelector("button[value^='del:']");
    if (again) { again.focus(); }
    var status = document.getElementById("list-status");
    if (status) { status.textContent = ""; }
  }

  /* "chỉ tiêu 3": the remove button's hidden label (the kind of row) and the row's number. */
  function rowName(item, button) {
    var label = button.querySelector(".visually-hidden");
    var num = Array.prototype.filter.call(item.querySelectorAll(".num"), function (n) {
      return n.closest("li.item") === item;
    })[0];
    return ((label ? label.textContent.trim() : "") + (num && num.textContent ? " " + num.textContent : "")).trim();
  }

  if (bar) {
    bar.querySelector(".undo-button").addEventListener("click", undoRemove);
    bar.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && pending) { e.preventDefault(); closeUndo(pending.focusAfter); }
    });
    bar.addEventListener("focusout", function (e) {
      if (pending && pending.expired && !bar.contains(e.relatedTarget)) { closeUndo(null); }
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[name=_op]");
    if (!button) { return; }
    var op = button.value.split(":")[0];
    event.preventDefault();
    if (op === "add") {
      addItem(button.closest(".list"));
      return;
    }
    var item = button.closest("li.item");
    var list = item.closest(".list");
    var focusAfter = button;
    if (op === "del") {
      var next = item.nextElementSibling || item.previousElementSibling;
      var index = Array.prototype.indexOf.call(item.parentNode.children, item);
      var what = rowName(item, button);
      item.remove();
      focusAfter = next ? next.querySelector("button[name=_op]") : list.querySelector(":scope > button.add");
      if (bar) {
        renumber(list);
        offerUndo(item, list, index, focusAfter, what);
        return;
      }
    } else if (op === "up" && item.previousElementSibling) {
      item.parentNode.insertBefore(item, item.previousElementSibling);
    } else if (op === "down" && item.nextElementSibling) {
      item.parentNode.insertBefore(item.nextElementSibling, item);
    }
    renumber(list);
    if (focusAfter) { focusAfter.focus(); }
    var status = document.getElementById("list-status");
    if (status) { status.textContent = button.getAttribute("data-done") || ""; }
  });

  // Warn before leaving the page with unsaved changes (closing the tab, following a link).
  var form = document.querySelector("form.campaign-form");
  if (!form) { return; }
  var dirty = false;
  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("click", function (e) { if (e.target.closest("button[name=_op]")) { dirty = true; } });
  form.addEventListener("submit", function () { dirty = false; });
  // Enter in a one-line box does not send the half-filled form (buttons still act on Enter);
  // Ctrl+S (⌘S) saves, as in a word processor.
  form.addEventListener("keydown", function (e) {
    var t = e.target;
    if (e.key === "Enter" && t.tagName === "INPUT" && !/^(submit|button|reset|image|file)$/.test(t.type)) {
      e.preventDefault();
    }
  });
  document.addEventListener("keydown", function (e) {
    if ((e.ctrlKey || e.metaKey) && !e.altKey && (e.key === "s" || e.key === "S")) {
      e.preventDefault();
      var save = form.querySelector("button[name=_save]");
      if (form.requestSubmit) { form.requestSubmit(save); } else { save.click(); }
    }
  });
  window.addEventListener("beforeunload", function (e) {
    if (dirty) { e.preventDefault(); e.returnValue = ""; }
  });
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
})();
