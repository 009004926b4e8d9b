// A bash-like line editor on xterm.js: the prompt the API returns, left/right, Home/End,
// Backspace/Delete, Ctrl-A/E/U/K/W, history on the arrow keys, Tab completion as bash
// shows it (the common prefix on the first Tab, the list on the second), Ctrl-C, Ctrl-L,
// copy (Ctrl-Shift-C) and paste (Ctrl-V, Ctrl-Shift-V, right-click), where a multi-line paste
// runs line by line as bash does. It knows nothing of HTTP: the page hands it callbacks.
// Lines that wrap are redrawn from the prompt's first row, counting East Asian wide
// characters as two cells as xterm.js does.

const WIDE_RANGES = [
  [0x1100, 0x115f], [0x2e80, 0x303e], [0x3041, 0x33ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff],
  [0xa000, 0xa4cf], [0xac00, 0xd7a3], [0xf900, 0xfaff], [0xfe30, 0xfe4f], [0xff00, 0xff60],
  [0xffe0, 0xffe6], [0x1f300, 0x1f64f], [0x1f900, 0x1f9ff], [0x20000, 0x3fffd],
];

export function cellWidth(text) {
  let cells = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0);
    cells += WIDE_RANGES.some(([lo, hi]) => code >= lo && code <= hi) ? 2 : 1;
  }
  return cells;
}

export function commonPrefix(words) {
  if (!words.length) return "";
  let prefix = words[0];
  for (const word of words.slice(1)) {
    while (!word.startsWith(prefix)) prefix = prefix.slice(0, -1);
  }
  return prefix;
}

// readline's listing: columns as wide as the longest candidate plus two, filled top to bottom.
export function completionColumns(candidates, cols) {
  const width = Math.max(...candidates.map(cellWidth)) + 2;
  const perRow = Math.max(1, Math.floor(cols / width));
  const rows = Math.ceil(candidates.length / perRow);
  const lines = [];
  for (let row = 0; row < rows; row++) {
    let line = "";
    for (let col = 0; col < perRow; col++) {
      const item = candidates[row + col * rows];
      if (item === undefined) break;
      const last = candidates[row + (col + 1) * rows] === undefined;
      line += last ? item : item + " ".repeat(width - cellWidth(item));
    }
    lines.push(line);
  }
  return lines;
}

const KEYS = {
  "\x1b[D": "left", "\x1b[C": "right", "\x1b[A": "up", "\x1b[B": "down",
  "\x1b[H": "home", "\x1bOH": "home", "\x1b[1~": "home", "\x1b[F": "end", "\x1bOF": "end", "\x1b[4~": "end",
  "\x1b[3~": "delete", "\x01": "home", "\x05": "end", "\x02": "left", "\x06": "right",
  "\x10": "up", "\x0e": "down", "\x7f": "backspace", "\x08": "backspace", "\x15": "killStart",
  "\x0b": "killEnd", "\x17": "killWord", "\x03": "interrupt", "\x0c": "clearScreen", "\t": "tab",
  "\x04": "eof",
};

export class LineTerminal {
  // handlers: submit(line), interrupt() (Ctrl-C while a watch or an edit is pending), complete(lineBeforeCursor)
  constructor(element, { readOnly = false, handlers = {} } = {}) {
    // A font whose Hangul is exactly two of its Latin cells comes first, so Korean sits in its
    // two cells without gaps; on a phone a smaller size gives the prompt and a kubectl row room.
    this.term = new window.Terminal({
      convertEol: true, cursorBlink: !readOnly, disableStdin: readOnly, scrollback: 5000,
      fontFamily: '"Noto Sans Mono CJK KR", "D2Coding", ui-monospace, "DejaVu Sans Mono", Menlo, monospace',
      fontSize: element.clientWidth && element.clientWidth < 600 ? 11 : 13,
      theme: { background: "#0f172a", foreground: "#e2e8f0", cursor: "#93c5fd", selectionBackground: "#334155" },
    });
    this.fit = new window.FitAddon.FitAddon();
    this.term.loadAddon(this.fit);
    this.term.open(element);
    this.fitToElement();
    new ResizeObserver(() => this.fitToElement()).observe(element);
    this.handlers = handlers;
    this.mode = readOnly ? "readonly" : "busy"; // input | busy | follow | editing | readonly
    this.promptText = "";
    this.chars = [];
    this.cursor = 0;
    this.offset = 0; // cells from the start of the prompt's first row to the cursor
    this.history = [];
    this.historyIndex = 0;
    this.draft = "";
    this.typeAhead = []; // keys and pastes that came while a line ran, replayed one by one
    this.tabPending = null; // the line after the last Tab, for bash's Tab-Tab listing
    this.term.attachCustomKeyEventHandler((event) => this.browserKey(event));
    if (!readOnly) this.term.onData((data) => this.receive(this.withStickyCtrl(data)));
    this.ctrlNext = false; // the key bar's Ctrl: the next letter typed is sent as its control key
  }

  // The on-screen key bar of a phone: each button sends what the key would.
  static KEY_BAR = {
    tab: "\t", "ctrl-c": "\x03", esc: "\x1b", left: "\x1b[D", right: "\x1b[C", up: "\x1b[A", down: "\x1b[B",
  };

  wireKeyBar(bar) {
    if (!bar) return;
    bar.addEventListener("pointerdown", (event) => event.preventDefault()); // keep the terminal's focus
    bar.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-key]");
      if (!button) return;
      if (button.dataset.key === "ctrl") {
        this.ctrlNext = !this.ctrlNext;
        button.setAttribute("aria-pressed", String(this.ctrlNext));
        this.ctrlButton = button;
      } else {
        this.receive(LineTerminal.KEY_BAR[button.dataset.key]);
      }
      this.focus();
    });
  }

  withStickyCtrl(data) {
    if (!this.ctrlNext || !/^[a-zA-Z]$/.test(data)) return data;
    this.ctrlNext = false;
    this.ctrlButton?.setAttribute("aria-pressed", "false");
    return String.fromCharCode(data.toUpperCase().charCodeAt(0) - 64);
  }

  fitToElement() {
    try {
      this.fit.fit();
    } catch (_) { /* hidden or not yet laid out */ }
  }

  // Copy and paste go to the browser: Ctrl-Shift-C copies the selection; Ctrl-V and
  // Ctrl-Shift-V let the browser's paste event reach xterm.js, which hands the text to receive().
  browserKey(event) {
    if (event.type !== "keydown") return true;
    const key = event.key.toLowerCase();
    if (event.ctrlKey && event.shiftKey && key === "c") {
      const selection = this.term.getSelection();
      if (selection && navigator.clipboard) navigator.clipboard.writeText(selection).catch(() => {});
      event.preventDefault();
      return false;
    }
    if (event.ctrlKey && key === "v") return false;
    return true;
  }

  write(text) {
    this.term.write(text);
  }

  // Output as the API returns it; a last line without its newline still ends before the prompt.
  writeOutput(text) {
    if (!text) return;
    this.term.write(text.endsWith("\n") ? text : `${text}\n`);
  }

  setHistory(lines) {
    this.history = lines.filter((line) => line.trim() !== "");
    this.historyIndex = this.history.length;
  }

  showPrompt(prompt) {
    this.promptText = prompt;
    this.chars = [];
    this.cursor = 0;
    this.offset = 0;
    this.historyIndex = this.history.length;
    this.draft = "";
    this.tabPending = null;
    this.mode = "input";
    this.term.write(prompt);
    this.offset = cellWidth(prompt);
    this.replayTypeAhead();
  }

  replayTypeAhead() {
    while (this.typeAhead.length && this.mode === "input") this.receive(this.typeAhead.shift());
  }

  setMode(mode) {
    this.mode = mode;
  }

  clearScreen() {
    this.term.write("\x1b[2J\x1b[3J\x1b[H");
    this.offset = 0;
    if (this.mode === "input") this.redraw();
  }

  focus() {
    this.term.focus();
  }

  receive(data) {
    if (this.mode === "readonly") return;
    if (this.mode !== "input") {
      if (data.includes("\x03")) {
        this.typeAhead = [];
        if (this.mode === "follow" || this.mode === "editing") this.handlers.interrupt?.();
      } else if (this.mode === "busy") {
        this.typeAhead.push(data);
      }
      return;
    }
    const key = KEYS[data];
    if (key) {
      this.keyAction(key);
      return;
    }
    if (data.startsWith("\x1b")) return; // a key the line editor does not bind
    this.insertText(data);
  }

  // Typed or pasted text: each newline runs the line so far; what follows waits as type-ahead.
  insertText(data) {
    const text = data.replace(/\r\n/g, "\n").replace(/\r/g, "\n");
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (ch === "\n") {
        if (i + 1 < text.length) this.typeAhead.unshift(text.slice(i + 1));
        this.enter();
        return;
      }
      if (ch === "\t") this.chars.splice(this.cursor++, 0, " ");
      else if (ch >= " ") this.chars.splice(this.cursor++, 0, ch);
    }
    this.tabPending = null;
    this.redraw();
  }

  keyAction(key) {
    if (key !== "tab") this.tabPending = null;
    const actions = {
      left: () => { if (this.cursor > 0) this.cursor--; },
      right: () => { if (this.cursor < this.chars.length) this.cursor++; },
      home: () => { this.cursor = 0; },
      end: () => { this.cursor = this.chars.length; },
      backspace: () => { if (this.cursor > 0) this.chars.splice(--this.cursor, 1); },
      delete: () => { this.chars.splice(this.cursor, 1); },
      eof: () => { this.chars.splice(this.cursor, 1); },
      killStart: () => { this.chars.splice(0, this.cursor); this.cursor = 0; },
      killEnd: () => { this.chars.splice(this.cursor); },
      killWord: () => this.killWord(),
      up: () => this.recall(-1),
      down: () => this.recall(1),
    };
    if (key === "interrupt") return this.cancelLine();
    if (key === "clearScreen") return this.clearScreen();
    if (key === "tab") return this.tab();
    actions[key]();
    this.redraw();
  }

  killWord() {
    let start = this.cursor;
    while (start > 0 && this.chars[start - 1] === " ") start--;
    while (start > 0 && this.chars[start - 1] !== " ") start--;
    this.chars.splice(start, this.cursor - start);
    this.cursor = start;
  }

  recall(step) {
    const next = this.historyIndex + step;
    if (next < 0 || next > this.history.length) return;
    if (this.historyIndex === this.history.length) this.draft = this.chars.join("");
    this.historyIndex = next;
    const line = next === this.history.length ? this.draft : this.history[next];
    this.chars = Array.from(line);
    this.cursor = this.chars.length;
  }

  // Ctrl-C at the prompt: bash prints ^C, forgets the line and gives a new prompt.
  cancelLine() {
    this.cursor = this.chars.length;
    this.redraw();
    this.term.write("^C\r\n");
    this.showPrompt(this.promptText);
  }

  enter() {
    const line = this.chars.join("");
    this.cursor = this.chars.length;
    this.redraw();
    this.term.write("\r\n");
    if (line.trim() && this.history[this.history.length - 1] !== line) this.history.push(line);
    this.historyIndex = this.history.length;
    this.mode = "busy";
    this.handlers.submit?.(line);
  }

  async tab() {
    const before = this.chars.slice(0, this.cursor).join("");
    const listNow = this.tabPending === this.chars.join("");
    this.mode = "busy";
    let answer = { start: before.length, candidates: [] };
    try {
      answer = (await this.handlers.complete?.(before)) || answer;
    } catch (_) { /* a failed completion offers nothing, as bash does */ }
    this.mode = "input";
    const word = before.slice(answer.start);
    const candidates = answer.candidates || [];
    if (candidates.length === 1) {
      const only = candidates[0];
      this.replaceWord(answer.start, /[/=]$/.test(only) ? only : `${only} `);
    } else if (candidates.length > 1) {
      const prefix = commonPrefix(candidates);
      if (prefix.length > word.length) this.replaceWord(answer.start, prefix);
      else if (listNow) this.listCandidates(candidates);
    }
    this.tabPending = this.chars.join("");
    this.redraw();
    this.replayTypeAhead();
  }

  replaceWord(start, text) {
    const startIndex = Array.from(this.chars.join("").slice(0, start)).length;
    this.chars.splice(startIndex, this.cursor - startIndex, ...Array.from(text));
    this.cursor = startIndex + Array.from(text).length;
  }

  listCandidates(candidates) {
    const saved = this.cursor;
    this.cursor = this.chars.length;
    this.redraw();
    this.term.write(`\r\n${completionColumns(candidates, this.term.cols).join("\r\n")}\r\n`);
    this.offset = 0;
    this.cursor = saved;
  }

  // Rewrites the prompt and the line from the prompt's first row, then puts the cursor back.
  redraw() {
    const cols = this.term.cols;
    const up = Math.floor(this.offset / cols);
    let out = up ? `\x1b[${up}A\r` : "\r";
    out += `${this.promptText}${this.chars.join("")}\x1b[J`;
    const end = cellWidth(this.promptText) + cellWidth(this.chars.join(""));
    if (end > 0 && end % cols === 0) out += " \r\x1b[K"; // leave xterm's pending wrap on the next row
    const target = cellWidth(this.promptText) + cellWidth(this.chars.slice(0, this.cursor).join(""));
    const back = Math.floor(end / cols) - Math.floor(target / cols);
    if (back) out += `\x1b[${back}A`;
    out += "\r";
    if (target % cols) out += `\x1b[${target % cols}C`;
    this.offset = target;
    this.term.write(out);
  }
}
