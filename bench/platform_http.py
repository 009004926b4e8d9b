"""A small HTTP client for the platform's REST API (standard library only), shared by
the platform bench and the `make run` smoke test."""

import json
import urllib.error
import urllib.parse
import urllib.request
import uuid


class ApiClient:
    def __init__(self, base_url: str, token: str | None = None, timeout: float = 30):
        self.base_url, self.token, self.timeout = base_url.rstrip("/"), token, timeout

    def _request(self, method: str, path: str, body: bytes | None = None, content_type: str | None = None):
        headers = {"Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Token {self.token}"
        if content_type:
            headers["Content-Type"] = content_type
        request = urllib.request.Request(self.base_url + path, data=body, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def login(self, username: str, password: str) -> "ApiClient":
        body = urllib.parse.urlencode({"username": username, "password": password}).encode()
        status, data = self._request("POST", "/api/v1/auth/token/", body, "application/x-www-form-urlencoded")
        if status != 200:
            raise RuntimeError(f"login as {username} failed: {status} {data[:200]!r}")
        return ApiClient(self.base_url, json.loads(data)["token"], self.timeout)

    def get_json(self, path: str) -> tuple[int, object]:
        status, data = self._request("GET", path)
        return status, json.loads(data) if data else None

    def post_json(self, path: str, body: dict | None = None) -> tuple[int, object]:
        status, data = self._request("POST", path, json.dumps(body or {}).encode(), "application/json")
        return status, json.loads(data) if data else None

    def submit(self, course_assignment_id: int, files: dict[str, bytes], commands: str = "") -> tuple[int, dict]:
        boundary = uuid.uuid4().hex
        parts = []
        for name, data in files.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
                         f"Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="commands"\r\n\r\n'.encode()
                     + commands.encode() + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        status, data = self._request("POST", f"/api/v1/assignments/{course_assignment_id}/submissions/",
                                     b"".join(parts), f"multipart/form-data; boundary={boundary}")
        return status, json.loads(data) if data else {}
