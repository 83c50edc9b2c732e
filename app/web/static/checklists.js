/* vanthu checklists page: follow the background "generate all" job until it ends.
 *
 * The page works without JavaScript (reload it to see the progress); this only polls
 * GET …/checklists/status ({done, total, state, error}) once a second while a job runs.
 */
(function () {
  "use strict";

  var box = document.getElementById("checklist-job");
  if (!box) { return; }
  var text = box.querySelector(".job-text");
  var bar = box.querySelector("progress");
  var link = box.querySelector(".job-zip");

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, key) { return String(values[key]); });
  }

  function show(job) {
    box.hidden = job.state === "idle";
    bar.max = job.total || 1;
    bar.value = job.done;
    var template = text.getAttribute("data-" + job.state);
    if (template) { text.textContent = fill(template, job); }
    link.hidden = job.state !== "done";
    box.className = "notice " + (job.state === "error" ? "notice-error" : job.state === "done" ? "notice-success" : "notice-info");
  }

  function poll() {
    fetch(box.getAttribute("data-status-url"), {credentials: "same-origin", cache: "no-store"})
      .then(function (response) { return response.json(); })
      .then(function (job) {
        show(job);
        if (job.state === "running") { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }

  if (box.getAttribute("data-state") === "running") { poll(); }
})();
