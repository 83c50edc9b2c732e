/* vanthu preview: the "In" button prints the dispatch's PDF, the file that is signed and sent,
 * not the HTML page.
 *
 * The PDF (GET …/print.pdf, shown inline and framable by our own pages only) is loaded in a hidden
 * frame and printed from there by the browser's PDF viewer. When the frame cannot print it (no PDF
 * viewer, or the PDF could not be made and the frame holds the error page), the same address opens
 * in a new tab: the PDF to print from, or the page saying why with a link to the Word file.
 * Without JavaScript the button is that link.
 */
(function () {
  "use strict";

  var link = document.getElementById("print-pdf");
  if (!link) { return; }

  function openInTab(url) {
    // A tab opened outside the click itself may be blocked as a pop-up: then use this tab.
    if (!window.open(url, "_blank")) { window.location.href = url; }
  }

  link.addEventListener("click", function (event) {
    event.preventDefault();
    var url = link.href;
    var old = document.getElementById("print-frame");
    if (old) { old.remove(); }
    var frame = document.createElement("iframe");
    frame.id = "print-frame";
    frame.title = link.textContent.trim();
    frame.setAttribute("aria-hidden", "true");
    frame.tabIndex = -1;
    // Not display:none: a frame that is not laid out does not load its PDF viewer.
    frame.style.cssText = "position:fixed;right:0;bottom:0;width:0;height:0;border:0;visibility:hidden";
    link.setAttribute("aria-busy", "true");
    frame.addEventListener("load", function () {
      link.removeAttribute("aria-busy");
      try {
        var type = frame.contentDocument ? frame.contentDocument.contentType : "";
        if (type.indexOf("pdf") < 0) { throw new Error("not a PDF: " + type); }
        frame.contentWindow.focus();
        frame.contentWindow.print();
      } catch (err) {
        openInTab(url);
      }
    });
    frame.src = url;
    document.body.appendChild(frame);
  });
})();
