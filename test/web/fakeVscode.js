/* global window */
/* A minimal fake of the `vscode` module, evaluated in the browser page (no Node). It holds what
 * activation and the compute commands touch: a command registry, an active editor over a known
 * text, workspace.fs over an in-memory map of files, configuration, progress, l10n, Uri, ranges,
 * a webview panel that records posted messages. Exposes window.createFakeVscode(). */
(function () {
  'use strict';

  class Disposable {
    constructor(fn) {
      this._fn = fn;
    }
    dispose() {
      if (this._fn) this._fn();
      this._fn = undefined;
    }
    static from(...ds) {
      return new Disposable(() => ds.forEach((d) => d && d.dispose()));
    }
  }

  class EventEmitter {
    constructor() {
      this.listeners = new Set();
      this.event = (listener) => {
        this.listeners.add(listener);
        return new Disposable(() => this.listeners.delete(listener));
      };
    }
    fire(e) {
      for (const l of [...this.listeners]) l(e);
    }
    dispose() {
      this.listeners.clear();
    }
  }

  function normalise(path) {
    const out = [];
    for (const seg of path.split('/')) {
      if (seg === '' || seg === '.') continue;
      if (seg === '..') out.pop();
      else out.push(seg);
    }
    return '/' + out.join('/');
  }

  class Uri {
    constructor(scheme, authority, path, query, fragment) {
      this.scheme = scheme;
      this.authority = authority || '';
      this.path = path || '/';
      this.query = query || '';
      this.fragment = fragment || '';
    }
    get fsPath() {
      return this.path;
    }
    with(change) {
      return new Uri(change.scheme ?? this.scheme, change.authority ?? this.authority, change.path ?? this.path, change.query ?? this.query, change.fragment ?? this.fragment);
    }
    toString() {
      return `${this.scheme}://${this.authority}${this.path}${this.query ? '?' + this.query : ''}${this.fragment ? '#' + this.fragment : ''}`;
    }
    toJSON() {
      return { scheme: this.scheme, authority: this.authority, path: this.path };
    }
    static file(path) {
      return new Uri('file', '', normalise(path));
    }
    static parse(s) {
      const m = /^([a-zA-Z][\w+.-]*):(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/.exec(s);
      if (!m) throw new Error(`fake Uri.parse: cannot parse ${s}`);
      return new Uri(m[1], m[2], m[3], m[4], m[5]);
    }
    static from(c) {
      return new Uri(c.scheme, c.authority, c.path, c.query, c.fragment);
    }
    static joinPath(base, ...segments) {
      return base.with({ path: normalise([base.path, ...segments].join('/')) });
    }
  }

  class Position {
    constructor(line, character) {
      this.line = line;
      this.character = character;
    }
    compareTo(o) {
      return this.line - o.line || this.character - o.character;
    }
    isBefore(o) {
      return this.compareTo(o) < 0;
    }
    isEqual(o) {
      return this.compareTo(o) === 0;
    }
  }

  class Range {
    constructor(a, b, c, d) {
      if (typeof a === 'number') {
        a = new Position(a, b);
        b = new Position(c, d);
      }
      [this.start, this.end] = a.compareTo(b) <= 0 ? [a, b] : [b, a];
    }
    get isEmpty() {
      return this.start.isEqual(this.end);
    }
  }

  class Selection extends Range {
    constructor(a, b, c, d) {
      super(a, b, c, d);
      this.anchor = this.start;
      this.active = this.end;
    }
  }

  class MarkdownString {
    constructor(value, supportThemeIcons) {
      this.value = value || '';
      this.supportThemeIcons = supportThemeIcons;
    }
    appendMarkdown(s) {
      this.value += s;
      return this;
    }
    appendText(s) {
      this.value += s.replace(/[\\`*_{}[\]()#+\-.!]/g, '\\$&');
      return this;
    }
  }

  /** A TextDocument over a fixed text. */
  function makeDocument(uri, text, languageId) {
    const lines = text.split('\n');
    const offsetAt = (p) => {
      let o = 0;
      for (let i = 0; i < p.line && i < lines.length; i++) o += lines[i].length + 1;
      return o + p.character;
    };
    const validatePosition = (p) => {
      const line = Math.min(Math.max(p.line, 0), lines.length - 1);
      return new Position(line, Math.min(Math.max(p.character, 0), lines[line].length));
    };
    return {
      uri,
      languageId: languageId || 'plaintext',
      version: 1,
      isUntitled: uri.scheme === 'untitled',
      lineCount: lines.length,
      getText(range) {
        if (!range) return text;
        return text.slice(offsetAt(validatePosition(range.start)), offsetAt(validatePosition(range.end)));
      },
      lineAt(n) {
        const line = typeof n === 'number' ? n : n.line;
        if (line < 0 || line >= lines.length) throw new Error(`fake lineAt: line ${line} out of range`);
        return { lineNumber: line, text: lines[line], range: new Range(line, 0, line, lines[line].length), isEmptyOrWhitespace: lines[line].trim() === '' };
      },
      validatePosition,
      validateRange: (r) => new Range(validatePosition(r.start), validatePosition(r.end)),
      getWordRangeAtPosition(p, regex) {
        const at = validatePosition(p);
        const re = new RegExp(regex ? regex.source : '\\w+', 'g');
        let m;
        while ((m = re.exec(lines[at.line]))) {
          if (m.index <= at.character && at.character <= m.index + m[0].length && m[0].length) return new Range(at.line, m.index, at.line, m.index + m[0].length);
          if (!m[0].length) re.lastIndex++;
        }
        return undefined;
      },
    };
  }

  /** vscode.l10n.t as VS Code does it: the message's translation in `bundle` (when one is given), then its placeholders. */
  function l10nT(bundle, message, ...args) {
    if (typeof message === 'object') message = message.message;
    const values = args.length === 1 && typeof args[0] === 'object' && args[0] !== null && !Array.isArray(args[0]) ? args[0] : args;
    const text = (bundle && bundle[message]) || message;
    return text.replace(/\{([^}]+)\}/g, (whole, key) => (key in values ? String(values[key]) : whole));
  }

  /**
   * files: { [uriString]: Uint8Array }. editor: { uri, text, selections: [[sl, sc, el, ec], …] }.
   * l10n: { language, bundle }: a display language other than English, with its translations.
   */
  window.createFakeVscode = function createFakeVscode({ files, editor, settings, l10n }) {
    const commands = new Map();
    const log = { errors: [], messages: [], contexts: {}, reads: [], stats: [], posted: [], progress: [], statusBar: [], watched: [], written: [] };
    const fileOf = (uri) => {
      const bytes = files[uri.toString()];
      if (!bytes) {
        const e = new Error(`EntryNotFound (FileSystemError): ${uri.toString()}`);
        e.code = 'FileNotFound';
        throw e;
      }
      return bytes;
    };
    const FileType = { Unknown: 0, File: 1, Directory: 2, SymbolicLink: 64 };
    const documents = [];
    const openDocument = (uriOrOptions) => {
      if (uriOrOptions instanceof Uri) {
        const doc = makeDocument(uriOrOptions, new TextDecoder().decode(fileOf(uriOrOptions)));
        documents.push(doc);
        return doc;
      }
      const doc = makeDocument(new Uri('untitled', '', `/Untitled-${documents.length + 1}`), uriOrOptions.content || '', uriOrOptions.language);
      documents.push(doc);
      return doc;
    };
    const makeEditor = (document, selections) => ({
      document,
      selections,
      get selection() {
        return this.selections[0];
      },
      set selection(s) {
        this.selections = [s];
      },
      revealRange() {},
      viewColumn: 1,
    });

    let activeTextEditor;
    if (editor) {
      const doc = makeDocument(editor.uri instanceof Uri ? editor.uri : Uri.parse(editor.uri), editor.text, 'python');
      activeTextEditor = makeEditor(
        doc,
        editor.selections.map(([sl, sc, el, ec]) => new Selection(sl, sc, el, ec)),
      );
    }

    const configurationChanged = new EventEmitter();
    const vscode = {
      version: '1.100.0',
      Uri,
      Position,
      Range,
      Selection,
      Disposable,
      EventEmitter,
      MarkdownString,
      RelativePattern: class RelativePattern {
        constructor(base, pattern) {
          this.baseUri = base;
          this.pattern = pattern;
        }
      },
      ThemeColor: class ThemeColor {
        constructor(id) {
          this.id = id;
        }
      },
      FileType,
      ViewColumn: { Active: -1, Beside: -2, One: 1, Two: 2 },
      StatusBarAlignment: { Left: 1, Right: 2 },
      ExtensionMode: { Production: 1, Development: 2, Test: 3 },
      ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
      TextEditorRevealType: { Default: 0, InCenter: 1, InCenterIfOutsideViewport: 2, AtTop: 3 },
      TabInputText: class TabInputText {},
      TabInputCustom: class TabInputCustom {},
      LogLevel: { Off: 0, Trace: 1, Debug: 2, Info: 3, Warning: 4, Error: 5 },
      FileSystemError: class FileSystemError extends Error {},
      l10n: { t: (...args) => l10nT(l10n && l10n.bundle, ...args), bundle: l10n ? l10n.bundle : undefined, uri: undefined },
      env: { language: l10n ? l10n.language : 'en', clipboard: { writeText: async () => {} }, uiKind: 2 },
      UIKind: { Desktop: 1, Web: 2 },
      commands: {
        registerCommand(id, fn) {
          if (commands.has(id)) throw new Error(`command ${id} registered twice`);
          commands.set(id, fn);
          return new Disposable(() => commands.delete(id));
        },
        async executeCommand(id, ...args) {
          if (id === 'setContext') {
            log.contexts[args[0]] = args[1];
            return undefined;
          }
          const fn = commands.get(id);
          if (!fn) throw new Error(`fake: command ${id} not found`);
          return fn(...args);
        },
        getCommands: async () => [...commands.keys()],
      },
      window: {
        get activeTextEditor() {
          return activeTextEditor;
        },
        get visibleTextEditors() {
          return activeTextEditor ? [activeTextEditor] : [];
        },
        tabGroups: { activeTabGroup: { activeTab: undefined } },
        createOutputChannel(name) {
          const record = (level) => (...a) => log.messages.push({ channel: name, level, text: a.map(String).join(' ') });
          return { name, info: record('info'), warn: record('warn'), error: record('error'), debug: record('debug'), trace: record('trace'), append() {}, appendLine: record('line'), show() {}, dispose() {} };
        },
        createStatusBarItem(id, alignment, priority) {
          const item = { id, alignment, priority, text: '', shown: false, show() { this.shown = true; log.statusBar.push(this.text); }, hide() { this.shown = false; }, dispose() {} };
          return item;
        },
        registerWebviewPanelSerializer: () => new Disposable(),
        createWebviewPanel(viewType, title, showOptions, options) {
          const received = new EventEmitter();
          const viewState = new EventEmitter();
          const disposed = new EventEmitter();
          const panel = {
            viewType,
            title,
            options,
            visible: true,
            active: true,
            webview: {
              options: options || {},
              html: '',
              cspSource: 'https://fake.vscode-cdn.net',
              asWebviewUri: (uri) => uri.with({ scheme: 'https', authority: 'fake.vscode-cdn.net' }),
              onDidReceiveMessage: received.event,
              async postMessage(m) {
                log.posted.push(JSON.parse(JSON.stringify(m)));
                return true;
              },
              /** Test only: a message from the webview. */
              _send: (m) => received.fire(m),
            },
            onDidChangeViewState: viewState.event,
            onDidDispose: disposed.event,
            reveal() {
              panel.visible = true;
            },
            dispose() {
              disposed.fire();
            },
          };
          log.panel = panel;
          return panel;
        },
        async withProgress(options, task) {
          log.progress.push(options.title);
          const cancel = new EventEmitter();
          return task({ report: () => {} }, { isCancellationRequested: false, onCancellationRequested: cancel.event });
        },
        setStatusBarMessage: (text) => {
          log.messages.push({ level: 'status', text });
          return new Disposable();
        },
        async showErrorMessage(message) {
          log.errors.push(message);
          return undefined;
        },
        async showWarningMessage(message) {
          log.messages.push({ level: 'warning', text: message });
          return undefined;
        },
        async showInformationMessage(message) {
          log.messages.push({ level: 'information', text: message });
          return undefined;
        },
        showQuickPick: async () => undefined,
        showOpenDialog: async () => undefined,
        showSaveDialog: async () => undefined,
        async showTextDocument(document, options) {
          activeTextEditor = makeEditor(document, [new Selection(0, 0, 0, 0)]);
          log.shown = { uri: document.uri.toString(), options };
          return activeTextEditor;
        },
      },
      workspace: {
        workspaceFolders: undefined,
        isTrusted: true,
        fs: {
          async readFile(uri) {
            log.reads.push(uri.toString());
            // A copy with an offset inside a larger buffer, as VS Code may hand out.
            const bytes = fileOf(uri);
            const big = new Uint8Array(bytes.byteLength + 16);
            big.set(bytes, 8);
            return big.subarray(8, 8 + bytes.byteLength);
          },
          async stat(uri) {
            log.stats.push(uri.toString());
            const bytes = fileOf(uri);
            return { type: FileType.File, ctime: 1, mtime: 2, size: bytes.byteLength };
          },
          /** Only into the extension's global storage (the walkthrough's sample copies). */
          async writeFile(uri, bytes) {
            if (!uri.toString().startsWith('https://storage.example/')) throw new Error(`fake: writeFile not expected: ${uri}`);
            log.written.push(uri.toString());
            files[uri.toString()] = new Uint8Array(bytes);
          },
          async createDirectory() {},
          /** The fake serves every scheme but untitled. */
          isWritableFileSystem: (scheme) => (scheme === 'untitled' ? undefined : false),
        },
        asRelativePath: (u) => (typeof u === 'string' ? u : u.path.replace(/^\//, '')),
        getConfiguration(section) {
          return {
            get(key, fallback) {
              const full = `${section}.${key}`;
              return settings && full in settings ? settings[full] : fallback;
            },
            has: (key) => !!settings && `${section}.${key}` in settings,
            inspect: () => undefined,
            update: async () => {},
          };
        },
        onDidChangeConfiguration: configurationChanged.event,
        /** Never fires: the fake's documents are not edited. */
        onDidChangeTextDocument: new EventEmitter().event,
        /** Records what is watched; its events never fire (the fake's files do not change). */
        createFileSystemWatcher(pattern) {
          log.watched.push(`${pattern.baseUri.path}/${pattern.pattern}`);
          const never = new EventEmitter();
          return { onDidChange: never.event, onDidCreate: never.event, onDidDelete: never.event, dispose() {} };
        },
        async openTextDocument(uriOrOptions) {
          return openDocument(uriOrOptions);
        },
        textDocuments: documents,
      },
    };
    return { vscode, log, commands };
  };
})();
