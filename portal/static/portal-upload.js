// Progressive enhancement of the draft page's upload form: without this script the form sends
// every chosen file at once and the page shows each result. With it, the files are sent one by
// one with XMLHttpRequest, so each gets a progress bar (a native <progress>: role progressbar
// and its value for assistive technology) and its result as soon as it is checked; a polite live
// region says when each file is done. The CSRF token stays the form's first part.

function enhance(form) {
  const input = form.querySelector("input[type=file]");
  const area = form.querySelector("[data-upload-progress]");
  const token = form.querySelector("input[name=csrf_token]").value;
  if (!input || !area || !window.FormData || !window.XMLHttpRequest) return;

  form.addEventListener("submit", async (event) => {
    if (!input.files || input.files.length === 0) return; // the server says to choose one
    event.preventDefault();
    const button = form.querySelector("button");
    button.disabled = true;
    area.replaceChildren(heading());
    const list = document.createElement("ul");
    list.className = "govuk-list";
    area.append(list);
    for (const file of Array.from(input.files)) {
      await send(form.action, token, file, row(list, file.name));
    }
    // the draft page lists every file with its kind, and any that were not kept
    // (reloaded: the draft page is this page, so only a fragment would change otherwise)
    window.history.replaceState(null, "", form.action.replace(/\/files$/, "") + "#draft-files");
    window.location.reload();
  });
}

function heading() {
  const h = document.createElement("h3");
  h.className = "govuk-heading-s";
  h.textContent = "Uploading your files";
  return h;
}

function row(list, name) {
  const item = document.createElement("li");
  const label = document.createElement("span");
  label.className = "govuk-body govuk-!-display-block govuk-!-margin-bottom-1";
  label.textContent = name;
  const bar = document.createElement("progress");
  bar.max = 100;
  bar.value = 0;
  bar.setAttribute("aria-label", "Uploading " + name);
  const status = document.createElement("span");
  status.className = "govuk-body-s govuk-!-display-block";
  status.setAttribute("aria-live", "polite");
  item.append(label, bar, status);
  list.append(item);
  return { bar, status, name };
}

function send(url, token, file, shown) {
  return new Promise((resolve) => {
    const data = new FormData();
    data.append("csrf_token", token); // first: the server checks it before reading the file
    data.append("files", file, file.name);
    const request = new XMLHttpRequest();
    request.open("POST", url);
    request.setRequestHeader("Accept", "application/json");
    request.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) {
        shown.bar.value = Math.round((event.loaded / event.total) * 100);
      }
    });
    request.addEventListener("load", () => {
      shown.bar.value = 100;
      shown.status.textContent = describe(request, shown.name);
      resolve();
    });
    request.addEventListener("error", () => {
      shown.status.textContent = shown.name + " could not be sent. Try again.";
      resolve();
    });
    request.send(data);
  });
}

function describe(request, name) {
  try {
    const result = JSON.parse(request.responseText).files[0];
    if (!result) return name + ": no file was received.";
    if (result.usable) return name + " uploaded: " + (result.kinds.join(", ") || "checked") + ".";
    return name + " cannot be used: " + result.problem;
  } catch {
    return name + " could not be sent. Try again.";
  }
}

document.querySelectorAll("form[data-upload-form]").forEach(enhance);
