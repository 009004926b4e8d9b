// The workspace's HTTP API as the page uses it (see /api/schema/): JSON in, JSON out,
// the session's CSRF token on every write. An error answer becomes an ApiError carrying
// the API's stable code and its detail, which the page shows as it is.

export class ApiError extends Error {
  constructor(status, code, detail, body) {
    super(detail || code || `HTTP ${status}`);
    this.status = status;
    this.code = code;
    this.body = body;
  }
}

export class WorkspaceApi {
  constructor({ csrfToken, apiRoot }) {
    this.csrfToken = csrfToken;
    this.apiRoot = apiRoot;
    this.base = null; // /api/v1/workspaces/{id}/ once the workspace is known
  }

  async request(method, url, body) {
    const headers = { Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (method !== "GET") headers["X-CSRFToken"] = this.csrfToken;
    const response = await fetch(url, {
      method, headers, credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 204) return null;
    let data = null;
    try {
      data = await response.json();
    } catch (_) {
      data = null;
    }
    if (!response.ok) {
      const detail = data && (data.detail || data.message);
      throw new ApiError(response.status, data && data.code, detail || response.statusText, data);
    }
    return data;
  }

  async open(openUrl, workspaceUrl) {
    const workspace = openUrl ? await this.request("POST", openUrl) : await this.request("GET", workspaceUrl);
    this.base = `${this.apiRoot}${workspace.id}/`;
    return workspace;
  }

  reload() { return this.request("GET", this.base); }
  olderHistory(beforeSeq) { return this.request("GET", `${this.base}history/?before=${beforeSeq}`); }
  run(line) { return this.request("POST", `${this.base}commands/`, { line }); }
  follow() { return this.request("POST", `${this.base}follow/`, {}); }
  interrupt() { return this.request("POST", `${this.base}interrupt/`, {}); }
  finishEdit(content) { return this.request("POST", `${this.base}edit/`, { content }); }
  complete(line) { return this.request("POST", `${this.base}complete/`, { line }); }
  saveFile(name, content) {
    return this.request("PUT", `${this.base}files/${encodeURIComponent(name)}`, { content });
  }
  deleteFile(name) { return this.request("DELETE", `${this.base}files/${encodeURIComponent(name)}`); }
  reset() { return this.request("POST", `${this.base}reset/`, {}); }
  drift() { return this.request("GET", `${this.base}drift/`); }
  submit(seqs) { return this.request("POST", `${this.base}submit/`, seqs ? { seqs } : {}); }
}
