// The workspace's files in ACE: one tab per file, YAML highlighting, line numbers, Tab
// indenting by two spaces, an unsaved-changes marker, Save (and Ctrl-S) writing through
// the API, new file and delete. `kubectl edit` borrows the editor: the object's file opens
// in an "editing <path>" mode whose Save and Cancel the page wires to the API.

function format(template, values) {
  return template.replace(/%\((\w+)\)s/g, (_, key) => String(values[key]));
}

export class FileEditor {
  constructor({ element, tabs, status, readOnly, text, aceBase, api }) {
    window.ace.config.set("basePath", aceBase);
    this.ace = window.ace.edit(element, {
      theme: "ace/theme/tomorrow", fontSize: 13, showPrintMargin: false, readOnly,
      fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, monospace',
    });
    this.tabs = tabs;
    this.status = status;
    this.readOnly = readOnly;
    this.text = text;
    this.api = api;
    this.files = new Map(); // name -> {session, saved}
    this.current = null;
    this.editSession = null;
    this.ace.commands.addCommand({
      name: "saveFile", bindKey: { win: "Ctrl-S", mac: "Command-S" },
      exec: () => { if (!this.editSession) this.save(this.current); },
    });
  }

  newSession(content) {
    const session = window.ace.createEditSession(content, "ace/mode/yaml");
    session.setUseWorker(false); // the page's CSP allows no worker from a blob
    session.setTabSize(2);
    session.setUseSoftTabs(true);
    return session;
  }

  setFiles(files) {
    this.files.clear();
    for (const file of files) this.addFile(file.name, file.content, true);
    const first = files.length ? files[0].name : null;
    this.show(this.files.has(this.current) ? this.current : first);
  }

  addFile(name, content, saved) {
    const session = this.newSession(content);
    const entry = { session, saved: saved ? content : null };
    session.on("change", () => this.renderTabs());
    this.files.set(name, entry);
  }

  isDirty(name) {
    const entry = this.files.get(name);
    return entry.saved === null || entry.session.getValue() !== entry.saved;
  }

  dirtyNames() {
    return [...this.files.keys()].filter((name) => this.isDirty(name));
  }

  show(name) {
    this.current = name;
    if (name) this.ace.setSession(this.files.get(name).session);
    else this.ace.setSession(this.newSession(""));
    this.ace.setReadOnly(this.readOnly || !name);
    this.renderTabs();
  }

  renderTabs() {
    this.tabs.replaceChildren();
    for (const name of [...this.files.keys()].sort()) {
      const tab = document.createElement("button");
      tab.type = "button";
      tab.className = "ws-tab";
      tab.setAttribute("role", "tab");
      tab.dataset.name = name;
      tab.setAttribute("aria-selected", String(name === this.current));
      tab.textContent = name;
      if (!this.readOnly && this.isDirty(name)) {
        const mark = document.createElement("span");
        mark.className = "ws-dirty";
        mark.title = this.text.unsaved;
        mark.textContent = " ●";
        tab.append(mark);
      }
      tab.addEventListener("click", () => this.show(name));
      this.tabs.append(tab);
    }
    if (!this.readOnly && this.current && !this.editSession) {
      this.say(this.isDirty(this.current) ? this.text.unsaved : this.text.saved);
    }
  }

  say(message, isError = false) {
    this.status.textContent = message;
    this.status.classList.toggle("ws-error", isError);
  }

  async save(name) {
    if (!name || this.readOnly) return true;
    const entry = this.files.get(name);
    const content = entry.session.getValue();
    this.say(this.text.saving);
    try {
      await this.api.saveFile(name, content);
    } catch (error) {
      this.say(`${name}: ${error.message}`, true);
      return false;
    }
    entry.saved = content;
    this.renderTabs();
    return true;
  }

  // Before a command runs, so that `kubectl apply -f` reads what the editor shows.
  async saveAll() {
    for (const name of this.dirtyNames()) {
      if (!(await this.save(name))) return false;
    }
    return true;
  }

  async create(name) {
    const clean = name.trim();
    if (!clean) return;
    if (!this.files.has(clean)) this.addFile(clean, "", false);
    this.show(clean);
    if (await this.save(clean)) this.ace.focus();
  }

  async deleteCurrent() {
    const name = this.current;
    if (!name || !window.confirm(format(this.text.deleteConfirm, { name }))) return;
    try {
      await this.api.deleteFile(name);
    } catch (error) {
      if (error.status !== 404) {
        this.say(`${name}: ${error.message}`, true);
        return;
      }
    }
    this.files.delete(name);
    this.show([...this.files.keys()].sort()[0] || null);
  }

  // kubectl edit: the object's file, alone in the editor until Save or Cancel.
  openEdit(path, content) {
    this.editSession = this.newSession(content);
    this.ace.setSession(this.editSession);
    this.ace.setReadOnly(this.readOnly);
    this.tabs.hidden = true;
    this.say(format(this.text.editing, { path }));
    this.ace.focus();
  }

  editedContent() {
    return this.editSession ? this.editSession.getValue() : "";
  }

  closeEdit() {
    if (!this.editSession) return;
    this.editSession = null;
    this.tabs.hidden = false;
    this.show(this.current);
  }
}

export { format };
