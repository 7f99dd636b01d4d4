// The header's menu button on a phone: opens and closes the navigation in place. Without
// JavaScript the button is a link to the navigation, which CSS shows when it is the target.
document.addEventListener("DOMContentLoaded", function () {
  var button = document.querySelector(".menu-button");
  var nav = document.getElementById("site-nav");
  if (!button || !nav) {
    return;
  }
  button.setAttribute("role", "button");
  button.addEventListener("click", function (event) {
    event.preventDefault();
    var open = nav.classList.toggle("is-open");
    button.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) {
      var first = nav.querySelector("a");
      if (first) {
        first.focus();
      }
    }
  });
  button.addEventListener("keydown", function (event) {
    if (event.key === " ") {
      event.preventDefault();
      button.click();
    }
  });
});
