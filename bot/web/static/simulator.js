// The simulator page: send without reloading, and show the bot's sends as they happen.
(function () {
  "use strict";
  var form = document.getElementById("say");
  var chat = document.getElementById("chat");
  var after = Number(chat.dataset.after || 0);
  var polling = false;

  function poll() {
    if (polling) { return; }
    polling = true;
    fetch("/simulator/messages?after=" + after, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (data.html && data.html.trim()) {
          chat.insertAdjacentHTML("beforeend", data.html);
          chat.lastElementChild.scrollIntoView({ block: "nearest" });
        }
        after = data.last;
      })
      .catch(function () {})
      .then(function () { polling = false; });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = form.elements.text;
    if (!text.value.trim()) { return; }
    fetch(form.action, { method: "POST", body: new FormData(form), headers: { Accept: "application/json" } })
      .then(function () { text.value = ""; text.focus(); poll(); });
  });
  form.elements.text.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  setInterval(poll, 1000);
})();
