// Drag and drop on the agenda of the meeting page. Without JavaScript, and from the keyboard,
// each row has its own Up and Down buttons; a drop posts the same form as those buttons, with
// the number of places to move, so the server checks and records the move in the same way.
document.addEventListener("DOMContentLoaded", function () {
  var table = document.getElementById("agenda");
  if (!table || !table.dataset.moveUrl) {
    return;
  }
  var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr[data-agenda-item]"));
  var order = table.querySelector("input[name=order]");
  var token = table.querySelector("input[name=csrfmiddlewaretoken]");
  if (rows.length < 2 || !order || !token) {
    return;
  }
  var dragged = null;

  function post(itemId, offset) {
    var form = document.createElement("form");
    form.method = "post";
    form.action = table.dataset.moveUrl;
    var fields = {
      csrfmiddlewaretoken: token.value,
      agenda_item: itemId,
      order: order.value,
      offset: String(offset),
    };
    Object.keys(fields).forEach(function (name) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      input.value = fields[name];
      form.appendChild(input);
    });
    document.body.appendChild(form);
    form.submit();
  }

  rows.forEach(function (row) {
    row.setAttribute("draggable", "true");
    row.addEventListener("dragstart", function (event) {
      dragged = row;
      row.classList.add("is-dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", row.dataset.agendaItem);
    });
    row.addEventListener("dragend", function () {
      row.classList.remove("is-dragging");
      rows.forEach(function (r) {
        r.classList.remove("is-drop-target");
      });
      dragged = null;
    });
    row.addEventListener("dragover", function (event) {
      if (dragged && dragged !== row) {
        event.preventDefault();
        event.dataTransfer.dropEffect = "move";
        row.classList.add("is-drop-target");
      }
    });
    row.addEventListener("dragleave", function () {
      row.classList.remove("is-drop-target");
    });
    row.addEventListener("drop", function (event) {
      event.preventDefault();
      if (!dragged || dragged === row) {
        return;
      }
      var offset = rows.indexOf(row) - rows.indexOf(dragged);
      if (offset !== 0) {
        post(dragged.dataset.agendaItem, offset);
      }
    });
  });
});
