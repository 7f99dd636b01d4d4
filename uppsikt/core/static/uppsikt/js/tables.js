// On a narrow window a wide table scrolls sideways on its own (see app.css). A table that
// scrolls and holds no link or field is made a stop of the keyboard, so that it can be
// scrolled without a mouse; the stop goes when the window is wide enough again.
(function () {
  var focusable = "a[href], button, input, select, textarea, [tabindex]";

  function mark() {
    document.querySelectorAll("table.data").forEach(function (table) {
      var scrolls = table.scrollWidth > table.clientWidth + 1;
      var own = table.getAttribute("data-scroll-stop") === "true";
      if (scrolls && !own && !table.querySelector(focusable)) {
        table.setAttribute("tabindex", "0");
        table.setAttribute("data-scroll-stop", "true");
      } else if (!scrolls && own) {
        table.removeAttribute("tabindex");
        table.removeAttribute("data-scroll-stop");
      }
    });
  }

  document.addEventListener("DOMContentLoaded", mark);
  window.addEventListener("resize", mark);
  document.addEventListener("htmx:afterSettle", mark);
})();
