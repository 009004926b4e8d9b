// The workspace page: opens (or creates) the workspace through the API, shows its files in
// the editor and its history in the terminal, and runs what is typed: each line after the
// editor's unsaved files are saved, a watch followed every second until Ctrl-C, a
// `kubectl edit` handed to the editor. Staff get the same page read-only.

import { WorkspaceApi } from "./api.js";
import { FileEditor, format } from "./editor.js";
import { LineTerminal } from "./terminal.js";
import { SubmitDialog } from "./submit.js";

const FOLLOW_EVERY_MS = 1000;
const RED = "\x1b[31m";
const PLAIN = "\x1b[0m";
const byId = (id) => document.getElementById(id);

class WorkspacePage {
  constructor(config) {
    this.config = config;
    this.text = config.text;
    this.api = new WorkspaceApi(config);
    this.prompt = "remote > ";
    this.following = false;
    this.entries = []; // {seq, line} of what ran in this run, for the submit dialog
    this.terminal = new LineTerminal(byId("terminal"), {
      readOnly: config.readOnly,
      handlers: {
        submit: (line) => this.runLine(line),
        interrupt: () => this.interrupt(),
        complete: (line) => this.api.complete(line),
      },
    });
    this.terminal.wireKeyBar(byId("terminal-keys"));
    this.editor = new FileEditor({
      element: byId("editor"), tabs: byId("file-tabs"), status: byId("file-status"),
      readOnly: config.readOnly, text: this.text, aceBase: config.aceBase, api: this.api,
    });
    if (!config.readOnly) this.wireButtons();
  }

  async start() {
    this.terminal.write(`${this.text.loading}\r\n`);
    try {
      this.load(await this.api.open(this.config.openUrl, this.config.workspaceUrl));
    } catch (error) {
      this.terminal.write(`${RED}${this.text.error}: ${error.message}${PLAIN}\r\n`);
    }
  }

  load(workspace) {
    this.workspace = workspace;
    this.editor.setFiles(workspace.files);
    this.terminal.clearScreen();
    const shown = workspace.history;
    if (workspace.history_total > shown.length) {
      this.terminal.write(`${format(this.text.earlier, { n: workspace.history_total - shown.length })}\r\n`);
    }
    for (const entry of shown) {
      // a saved edit answers the `kubectl edit` line above it: its line is the editor's temporary file
      if (entry.kind !== "edit") this.terminal.write(`${entry.prompt}${entry.line}\r\n`);
      this.terminal.writeOutput(entry.output);
    }
    const typed = shown.filter((entry) => entry.kind !== "edit");
    this.entries = typed.map(({ seq, line }) => ({ seq, line }));
    this.terminal.setHistory(typed.map((entry) => entry.line));
    this.prompt = workspace.prompt;
    if (this.config.readOnly) {
      this.terminal.write(`${this.prompt}\r\n${this.text.readOnlyTerminal}\r\n`);
    } else if (workspace.editing) {
      this.startEdit(workspace.editing);
    } else if (workspace.following) {
      this.startFollow();
    } else {
      this.terminal.showPrompt(this.prompt);
      this.terminal.focus();
    }
  }

  async runLine(line) {
    if (!line.trim()) {
      this.terminal.showPrompt(this.prompt);
      return;
    }
    await this.editor.saveAll();
    let result;
    try {
      result = await this.api.run(line);
    } catch (error) {
      this.terminal.write(`${RED}${error.message}${PLAIN}\r\n`);
      this.terminal.showPrompt(this.prompt);
      return;
    }
    this.entries.push({ seq: result.seq, line });
    this.afterResult(result, line);
  }

  afterResult(result, line = "") {
    this.terminal.writeOutput(result.output);
    if (line.trim() === "clear" && result.exit_code === 0) this.terminal.clearScreen();
    if (result.next_prompt) this.prompt = result.next_prompt;
    if (result.editing) this.startEdit(result.editing);
    else if (result.following) this.startFollow();
    else this.terminal.showPrompt(this.prompt);
  }

  startFollow() {
    this.following = true;
    this.terminal.setMode("follow");
    this.followTimer = setTimeout(() => this.followOnce(), FOLLOW_EVERY_MS);
  }

  async followOnce() {
    if (!this.following) return;
    let result;
    try {
      result = await this.api.follow();
    } catch (error) {
      result = { output: `${RED}${error.message}${PLAIN}\n`, following: false };
    }
    if (!this.following) return; // Ctrl-C came while the request was on its way
    this.terminal.writeOutput(result.output);
    if (result.following) {
      this.followTimer = setTimeout(() => this.followOnce(), FOLLOW_EVERY_MS);
      return;
    }
    this.following = false;
    if (result.next_prompt) this.prompt = result.next_prompt;
    this.terminal.showPrompt(this.prompt);
  }

  // Ctrl-C during a watch, or Cancel of a `kubectl edit`: bash prints ^C and a new prompt.
  async interrupt() {
    const wasEditing = Boolean(this.editor.editSession);
    this.following = false;
    clearTimeout(this.followTimer);
    this.terminal.setMode("busy");
    if (!wasEditing) this.terminal.write("^C\r\n");
    let result;
    try {
      result = await this.api.interrupt();
    } catch (error) {
      result = { output: `${RED}${error.message}${PLAIN}\n` };
    }
    this.finishEditMode();
    this.terminal.writeOutput(result.output);
    if (result.next_prompt) this.prompt = result.next_prompt;
    this.terminal.showPrompt(this.prompt);
    this.terminal.focus();
  }

  startEdit(editing) {
    this.terminal.setMode("editing");
    byId("editing-title").textContent = format(this.text.editing, { path: editing.path });
    byId("editing-hint").textContent = this.text.editHint;
    byId("editing-bar").hidden = false;
    this.editor.openEdit(editing.path, editing.content);
  }

  finishEditMode() {
    byId("editing-bar").hidden = true;
    this.editor.closeEdit();
  }

  async saveEdit() {
    let result;
    try {
      result = await this.api.finishEdit(this.editor.editedContent());
    } catch (error) {
      this.editor.say(error.message, true);
      return;
    }
    this.finishEditMode();
    if (result.seq !== undefined) this.entries.push({ seq: result.seq, line: result.line || "" });
    this.afterResult(result);
    if (!result.editing) this.terminal.focus();
  }

  async reset() {
    if (!window.confirm(this.text.resetConfirm)) return;
    this.following = false;
    clearTimeout(this.followTimer);
    this.terminal.setMode("busy");
    try {
      this.load(await this.api.reset());
    } catch (error) {
      this.terminal.write(`${RED}${error.message}${PLAIN}\r\n`);
      this.terminal.showPrompt(this.prompt);
    }
  }

  wireButtons() {
    byId("reset-button").addEventListener("click", () => this.reset());
    byId("file-save").addEventListener("click", () => this.editor.save(this.editor.current));
    byId("file-delete").addEventListener("click", () => this.editor.deleteCurrent());
    byId("edit-save").addEventListener("click", () => this.saveEdit());
    byId("edit-cancel").addEventListener("click", () => this.interrupt());
    const form = byId("newfile-form");
    byId("file-new").addEventListener("click", () => {
      form.hidden = false;
      byId("newfile-name").focus();
    });
    byId("newfile-cancel").addEventListener("click", () => { form.hidden = true; });
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      form.hidden = true;
      await this.editor.create(byId("newfile-name").value);
      byId("newfile-name").value = "";
    });
    if (byId("submit-open")) new SubmitDialog(this, byId("submit-dialog")).wire(byId("submit-open"));
  }
}

const config = JSON.parse(byId("workspace-config").textContent);
window.kubegradeWorkspace = new WorkspacePage(config);
window.kubegradeWorkspace.start();
