// "Submit for grading": shows what will be handed in (the saved files and, where the
// assignment takes commands, the lines that ran), counts their bytes against the
// assignment's limit the way the grader does (files and commands together) and, when over
// it, lets the student untick lines. The server decides in the end: its refusals (413
// naming the limit, 409 attempts exhausted, 429 throttled) are shown as it words them.
// Before that it asks whether the live cluster still holds what the files state (a Service
// fixed with `kubectl edit` is not fixed in its file) and offers the live objects as files.

import { format } from "./editor.js";

const utf8Length = (text) => new TextEncoder().encode(text).length;

export class SubmitDialog {
  constructor(page, dialog) {
    this.page = page;
    this.dialog = dialog;
    this.text = page.text;
    this.config = page.config;
  }

  wire(openButton) {
    openButton.addEventListener("click", () => this.open());
    this.dialog.querySelector("#submit-send").addEventListener("click", () => this.send());
    this.dialog.querySelector("#submit-lines").addEventListener("change", () => this.updateSize());
    this.dialog.querySelector("#submit-use-live").addEventListener("click", () => this.useLive());
  }

  async showDrift() {
    const box = this.dialog.querySelector("#submit-drift");
    this.drifted = [];
    try {
      this.drifted = (await this.page.api.drift()).files;
    } catch (_) {
      this.drifted = []; // the warning is a courtesy: the hand-in itself does not depend on it
    }
    box.hidden = !this.drifted.length;
    const names = this.drifted.map((file) => file.name).join(", ");
    this.dialog.querySelector("#submit-drift-text").textContent = format(this.text.drift, { names });
    this.dialog.querySelector("#submit-use-live").hidden = false;
  }

  async useLive() {
    for (const file of this.drifted) {
      await this.page.api.saveFile(file.name, file.live);
      const entry = this.page.editor.files.get(file.name);
      if (entry) {
        entry.session.setValue(file.live);
        entry.saved = file.live;
      }
    }
    this.page.editor.renderTabs();
    const names = this.drifted.map((file) => file.name).join(", ");
    this.dialog.querySelector("#submit-drift-text").textContent = format(this.text.usedLive, { names });
    this.dialog.querySelector("#submit-use-live").hidden = true;
    this.fileBytes = [...this.page.editor.files.values()].reduce((sum, f) => sum + utf8Length(f.saved || ""), 0);
    this.updateSize();
  }

  async open() {
    await this.page.editor.saveAll();
    const files = [...this.page.editor.files.keys()].sort();
    this.dialog.querySelector("#submit-files").textContent = files.join(", ");
    this.fileBytes = files.reduce((sum, name) => sum + utf8Length(this.page.editor.files.get(name).saved || ""), 0);
    const list = this.dialog.querySelector("#submit-lines");
    list.replaceChildren();
    const lines = this.config.takesCommands ? this.page.entries.filter((entry) => entry.line.trim()) : [];
    for (const entry of lines) {
      const label = document.createElement("label");
      label.className = "choice ws-line";
      const box = document.createElement("input");
      box.type = "checkbox";
      box.checked = true;
      box.value = String(entry.seq);
      const code = document.createElement("code");
      code.textContent = entry.line;
      label.append(box, code);
      list.append(label);
    }
    if (!lines.length) {
      const note = document.createElement("p");
      note.className = "help";
      note.textContent = this.config.takesCommands ? this.text.noLines : this.text.filesOnly;
      list.append(note);
    }
    this.dialog.querySelector("#submit-lines-title").hidden = !this.config.takesCommands;
    this.dialog.querySelector("#submit-error").hidden = true;
    this.dialog.querySelector("#submit-drift").hidden = true;
    this.updateSize();
    this.dialog.showModal();
    await this.showDrift();
  }

  ticked() {
    return [...this.dialog.querySelectorAll("#submit-lines input:checked")];
  }

  updateSize() {
    const lineBytes = this.ticked().reduce((sum, box) => sum + utf8Length(box.nextSibling.textContent) + 1, 0);
    const total = this.fileBytes + lineBytes;
    const limit = this.config.maxBytes;
    const size = this.dialog.querySelector("#submit-size");
    size.textContent = format(this.text.total, { bytes: total, limit });
    const over = limit && total > limit;
    size.classList.toggle("ws-error", Boolean(over));
    if (over) size.textContent += ` ${format(this.text.overLimit, { limit })}`;
  }

  async send() {
    const boxes = [...this.dialog.querySelectorAll("#submit-lines input")];
    const ticked = this.ticked();
    const seqs = ticked.length === boxes.length ? undefined : ticked.map((box) => Number(box.value));
    const button = this.dialog.querySelector("#submit-send");
    button.disabled = true;
    button.textContent = this.text.submitting;
    try {
      const answer = await this.page.api.submit(seqs);
      this.dialog.close();
      this.showResultLink(answer);
    } catch (error) {
      const box = this.dialog.querySelector("#submit-error");
      box.textContent = error.message;
      box.hidden = false;
    } finally {
      button.disabled = false;
      button.textContent = this.text.submit;
    }
  }

  showResultLink(answer) {
    const where = document.getElementById("latest-result");
    where.replaceChildren();
    const link = document.createElement("a");
    link.href = answer.url;
    link.id = "result-link";
    link.textContent = this.text.viewResult;
    where.append(`${format(this.text.submitted, { attempt: answer.submission.attempt })} `, link);
  }
}
