// Province deliveries from the export page: each form runs its OGC API Process as an async job
// (POST /api/processes/<id>/execution, Prefer: respond-async), follows /api/jobs/<id> and then
// offers the result file, or lists every problem the province's checks found.
"use strict";

(function () {
  const POLL_MS = 1000;
  const STATUS_NL = {
    accepted: "In de wachtrij",
    running: "Bezig",
    successful: "Klaar",
    failed: "Mislukt",
    dismissed: "Afgebroken",
  };

  function csrfToken() {
    const meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function inputsOf(form) {
    const data = new FormData(form);
    const inputs = {};
    const date = data.get("reference_date");
    if (date) inputs.reference_date = date;
    const projects = data.getAll("project_ids").filter(Boolean);
    if (projects.length) {
      inputs.project_ids = projects;
    } else if (data.get("min_confidentiality")) {
      inputs.min_confidentiality = data.get("min_confidentiality");
    }
    return inputs;
  }

  // The problems list from a refusal: the description (or job message) holds a JSON document.
  function problemsOf(text) {
    const start = (text || "").indexOf("{");
    if (start < 0) return { message: text || "Onbekende fout.", errors: [] };
    try {
      const doc = JSON.parse(text.slice(start));
      return { message: doc.message || text, errors: doc.errors || [] };
    } catch (err) {
      return { message: text, errors: [] };
    }
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function say(out, text) {
    clear(out);
    const p = document.createElement("p");
    p.textContent = text;
    out.appendChild(p);
    return p;
  }

  function showProblems(out, text) {
    const problems = problemsOf(text);
    say(out, problems.message).className = "error";
    if (!problems.errors.length) return;
    const table = document.createElement("table");
    const head = table.createTHead().insertRow();
    ["Project", "Veld", "Code", "Melding"].forEach(function (label) {
      const th = document.createElement("th");
      th.scope = "col";
      th.textContent = label;
      head.appendChild(th);
    });
    const body = table.createTBody();
    problems.errors.forEach(function (e) {
      const row = body.insertRow();
      [e.project_name || e.project_id || "", e.field || "", e.code || "", e.message_nl || e.message || ""]
        .forEach(function (value) { row.insertCell().textContent = value; });
    });
    out.appendChild(table);
  }

  function offerResult(out, jobUrl, name) {
    const p = say(out, "Klaar: ");
    const link = document.createElement("a");
    link.href = jobUrl + "/results";
    link.textContent = "download " + name;
    link.setAttribute("download", "");
    p.appendChild(link);
    link.focus();
  }

  async function follow(out, jobUrl, name) {
    for (;;) {
      const response = await fetch(jobUrl + "?f=json", { headers: { Accept: "application/json" } });
      const job = await response.json();
      if (job.status === "successful") return offerResult(out, jobUrl, name);
      if (job.status === "failed" || job.status === "dismissed") return showProblems(out, job.message);
      say(out, (STATUS_NL[job.status] || job.status) + (job.progress ? " (" + job.progress + "%)" : "") + "…");
      await new Promise(function (resolve) { setTimeout(resolve, POLL_MS); });
    }
  }

  async function run(form) {
    const out = form.querySelector("[data-delivery-result]");
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    say(out, "Levering aangevraagd…");
    try {
      const response = await fetch(form.dataset.execution, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json",
          Prefer: "respond-async",
          "X-CSRFToken": csrfToken(),
        },
        body: JSON.stringify({ inputs: inputsOf(form) }),
      });
      if (response.status === 201 && response.headers.get("Location")) {
        await follow(out, response.headers.get("Location"), form.dataset.title);
      } else {
        const doc = await response.json().catch(function () { return {}; });
        showProblems(out, doc.description || doc.message || ("HTTP " + response.status));
      }
    } catch (err) {
      say(out, "De levering kon niet worden aangevraagd: " + err.message).className = "error";
    } finally {
      button.disabled = false;
    }
  }

  document.querySelectorAll("form[data-execution]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      run(form);
    });
  });
})();
