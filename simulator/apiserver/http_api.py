"""The API server over HTTP: a request in, (status, content type, body) out.

    answer = ApiServer(store, clock).handle(request, client_certificate=False)

In kube-apiserver's order: authenticate (`authn`), work out what is asked
(`RequestInfoFactory`: `/api/v1/namespaces/<ns>/<resource>/<name>/<subresource>`, verbs
from the method), authorize (`rbac`), then serve: discovery (`/api`, `/apis`, `/api/v1`,
`/apis/<group>[/<version>]`), get, list, one-shot watch (the objects as ADDED events, then the
stream ends), create, update, merge patch, delete. Errors are `Status` objects with the API's
reasons; `Accept: application/json;as=Table;v=v1;g=meta.k8s.io` gets a `Table` built from
the kind's printer columns. Bodies are written as `wire_json` says.

The `proxy` subresource of pods and services sends the request on through `dial` (the
network layer's, from the control-plane node), as `proxy_subresource` describes.

The `token` subresource of serviceaccounts is `token_request`'s.

Not served: subresources other than `status` reads, `proxy` and `token`, `deletecollection`, JSON and strategic
merge patches beyond what a merge patch does, field selectors, managedFields, server-side apply.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import parse_qs

from simulator.apiserver import wire_json
from simulator.apiserver import metrics_api, proxy_subresource, token_request
from simulator.apiserver import componentstatus
from simulator.apiserver.authn import User, Unauthorized, authenticate, user_named
from simulator.apiserver.rbac import Attributes, authorize, forbidden_message
from simulator.apiserver.request_info import RequestInfo, label_selector, merge_patch, request_info
from simulator.errors import StatusError
from simulator.objects import KubeObject, match_label_selector
from simulator.registry import field_selectors

VERSION_JSON = {"major": "1", "minor": "23", "gitVersion": "v1.23.7",
                "gitCommit": "42c05a547468804b2053ecf60a3bd15560362fc2", "gitTreeState": "clean",
                "buildDate": "2022-05-24T12:24:41Z", "goVersion": "go1.17.10", "compiler": "gc",
                "platform": "linux/amd64"}
SERVER_ADDRESS = "192.168.100.200:6443"
ALL_VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]
NO_COLLECTION_DELETE = {"services", "namespaces"}  # 1.23's REST storage has no DeleteCollection for these
MAX_BODY_BYTES = 3 * 1024 * 1024  # the API server's request size limit
TABLE_ACCEPT = "as=table"
AUTHORIZATION_GROUP = "authorization.k8s.io"
REVIEWS = {"selfsubjectaccessreviews": "SelfSubjectAccessReview", "selfsubjectrulesreviews": "SelfSubjectRulesReview"}


@dataclass
class Answer:
    status: int
    content_type: str
    body: str
    anonymous_forbidden: bool = False  # the apps layer keeps its own headers for the anonymous 403
    user: str = ""  # who the API server took the request to be ("" when authentication failed)
    headers: list | None = None  # a proxied answer's own headers (the pod's), passed back as they came

    @property
    def reason(self) -> str:
        return REASONS.get(self.status, "OK")


REASONS = {200: "OK", 201: "Created", 301: "Moved Permanently", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
           405: "Method Not Allowed", 409: "Conflict", 413: "Request Entity Too Large", 415: "Unsupported Media Type",
           422: "Unprocessable Entity", 500: "Internal Server Error", 503: "Service Unavailable"}


def status_body(code: int, reason: str, message: str, details: dict | None = None) -> dict:
    body = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure", "message": message}
    if reason:
        body["reason"] = reason
    if details is not None:  # a nil *StatusDetails is left out; an empty one prints as `{}`
        body["details"] = details
    body["code"] = code
    return body


def go_metadata(meta: dict) -> dict:
    """ObjectMeta's fields in the Go struct's order (what the API server writes)."""
    order = ("name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation",
             "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations",
             "ownerReferences", "finalizers", "managedFields")
    return {key: meta[key] for key in order if key in meta}


def wire_object(obj: KubeObject, with_type: bool = True) -> dict:
    data = obj.to_dict()
    out = {"kind": data["kind"], "apiVersion": data["apiVersion"]} if with_type else {}
    out["metadata"] = go_metadata(data["metadata"])
    for key, value in data.items():
        if key not in ("kind", "apiVersion", "metadata"):
            out[key] = value
    return out


class ApiServer:
    """The API over one cluster's store; `clock` stamps what the store creates."""

    def __init__(self, store, clock, server_address: str = SERVER_ADDRESS,
                 dial: proxy_subresource.Dial | None = None, machines=None) -> None:
        self.store, self.clock, self.server_address, self.dial = store, clock, server_address, dial
        self.machines = machines  # what componentstatuses probe (`apiserver/componentstatus.py`); None: nothing

    # the request ----------------------------------------------------------------------
    def handle(self, method: str, target: str, headers: list[tuple[str, str]], body: str = "",
               client_certificate: bool = False, user: User | None = None) -> Answer:
        path, _, raw_query = target.partition("?")
        query = parse_qs(raw_query, keep_blank_values=True)
        header = {k.lower(): v for k, v in reversed(headers)}
        pretty = wire_json.wants_pretty(query, header.get("user-agent"))
        if user is None:
            try:
                user = authenticate(self.store, header.get("authorization"), client_certificate)
            except Unauthorized:
                return self._status(401, "Unauthorized", "Unauthorized", None, pretty)
        impersonated = header.get("impersonate-user")
        if impersonated:
            groups = tuple(v for k, v in headers if k.lower() == "impersonate-group")
            target = user_named(impersonated, groups)
            kind = "serviceaccounts" if target.service_account else "users"
            namespace, name = target.service_account or ("", impersonated)
            allowed, _ = authorize(self.store, user, Attributes("impersonate", kind, "", namespace, name, ""))
            if not allowed:
                return self._status(403, "Forbidden", f'{kind} "{name}" is forbidden: User "{user.name}" cannot '
                                    f'impersonate resource "{kind}" in API group "" '
                                    + (f'in the namespace "{namespace}"' if namespace else "at the cluster scope"),
                                    {"name": name, "kind": kind}, pretty)
            user = target
        answer = self._answer(method, path, query, header, body, user, pretty, (raw_query, headers))
        answer.user = user.name
        return answer

    def _answer(self, method, path, query, header, body, user: User, pretty: bool, raw=("", [])) -> Answer:
        info = request_info(method, path, query)
        allowed, why = authorize(self.store, user, info.attributes())
        if not allowed:
            return self._forbidden(user, info, why, pretty)
        if len(body.encode()) > MAX_BODY_BYTES:
            return self._status(413, "RequestEntityTooLarge", "Request entity too large: limit is 3145728", None, pretty)
        try:
            if not info.resource_request:
                return self._non_resource(info, user, pretty)
            if info.group == AUTHORIZATION_GROUP:
                return self._review(info, user, body, pretty)
            if info.group == metrics_api.GROUP and metrics_api.registered(self.store):
                return self._metrics(info, query, pretty)
            if info.subresource == "proxy" and info.resource in ("pods", "services") and not info.group and self.dial:
                return self._proxy(info, method, body, *raw)
            if info.subresource == "token" and info.resource == "serviceaccounts" and not info.group:
                return self._token(info, body, pretty)
            return self._resource(info, query, header, body, pretty)
        except StatusError as error:
            resource, _, group = (error.kind or "").partition(".")
            details = {k: v for k, v in (("name", error.name), ("group", group), ("kind", resource)) if v}
            return self._status(error.code, error.reason, error.message, details, pretty)

    def _metrics(self, info: RequestInfo, query, pretty: bool) -> Answer:
        if not metrics_api.available(self.store):
            return Answer(503, "text/plain; charset=utf-8", metrics_api.UNAVAILABLE)
        selector = label_selector((query.get("labelSelector") or [""])[0])
        return self._json(200, metrics_api.answer(self.store, self.clock.now(), info.resource, info.namespace,
                                                  info.name, selector), pretty)

    def _json(self, code: int, value, pretty: bool) -> Answer:
        text = wire_json.pretty(value) if pretty else wire_json.compact(value)
        return Answer(code, "application/json", text)

    def _status(self, code: int, reason: str, message: str, details: dict | None, pretty: bool) -> Answer:
        return self._json(code, status_body(code, reason, message, details), pretty)

    def _forbidden(self, user: User, info: RequestInfo, why: str, pretty: bool) -> Answer:
        message = forbidden_message(user, info.attributes()) + (f": {why}" if why else "")
        attrs = info.attributes()
        if not attrs.resource_request:
            answer = self._status(403, "Forbidden", f"forbidden: {message}", {}, pretty)
            answer.anonymous_forbidden = user.name == "system:anonymous"
            return answer
        qualified = f"{attrs.resource}.{attrs.api_group}" if attrs.api_group else attrs.resource
        prefix = f'{qualified} "{attrs.name}"' if attrs.name else qualified
        details = {"name": attrs.name, "group": attrs.api_group, "kind": attrs.resource}
        return self._status(403, "Forbidden", f"{prefix} is forbidden: {message}",
                            {k: v for k, v in details.items() if v}, pretty)

    # discovery and other paths ------------------------------------------------------------
    def _non_resource(self, info: RequestInfo, user: User, pretty: bool) -> Answer:
        path = info.path.rstrip("/") or "/"
        if info.verb != "get":
            return self._status(405, "MethodNotAllowed", "the server does not allow this method on the requested resource",
                                None, pretty)
        if path in ("/healthz", "/livez", "/readyz"):
            return Answer(200, "text/plain; charset=utf-8", "ok")
        if path == "/version":
            return self._json(200, VERSION_JSON, pretty)
        if path == "/api":
            return self._json(200, {"kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs": [
                {"clientCIDR": "0.0.0.0/0", "serverAddress": self.server_address}]}, pretty)
        if path == "/apis":
            return self._json(200, {"kind": "APIGroupList", "apiVersion": "v1",
                                    "groups": [self._group(g) for g in self._groups()]}, pretty)
        parts = path.strip("/").split("/")
        if parts[0] == "api" and len(parts) == 2 and parts[1] == "v1":
            return self._json(200, self._resource_list("", "v1"), pretty)
        if parts[0] == "apis" and len(parts) == 2 and parts[1] in self._groups():
            return self._json(200, {"kind": "APIGroup", "apiVersion": "v1", **self._group(parts[1])}, pretty)
        if parts[0] == "apis" and len(parts) == 3 and parts[2] in self._groups().get(parts[1], ()):
            return self._json(200, self._resource_list(parts[1], parts[2]), pretty)
        if path == "/":
            paths = sorted({"/api", "/api/v1", "/apis", "/healthz", "/livez", "/readyz", "/version",
                            *(f"/apis/{g}" for g in self._groups()),
                            *(f"/apis/{g}/{v}" for g, vs in self._groups().items() for v in vs)})
            return self._json(200, {"paths": paths}, pretty)
        return Answer(404, "text/plain; charset=utf-8", "404 page not found\n")

    def _types(self):
        return [rt for rt in self.store.types.resource_types]

    def _groups(self) -> dict[str, list[str]]:
        groups: dict[str, list[str]] = {}
        for rt in self._types():
            if rt.group and rt.version not in groups.setdefault(rt.group, []):
                groups[rt.group].append(rt.version)
        if metrics_api.registered(self.store):  # the aggregator lists an APIService's group
            groups[metrics_api.GROUP] = [metrics_api.VERSION]
        return groups

    def _group(self, name: str) -> dict:
        versions = [{"groupVersion": f"{name}/{v}", "version": v} for v in self._groups()[name]]
        return {"name": name, "versions": versions, "preferredVersion": versions[0]}

    def _resource_list(self, group: str, version: str) -> dict:
        if group == metrics_api.GROUP:
            return metrics_api.resource_list()
        resources = []
        for rt in sorted((t for t in self._types() if t.group == group and t.version == version), key=lambda t: t.plural):
            verbs = [v for v in ALL_VERBS if not (v == "deletecollection" and rt.plural in NO_COLLECTION_DELETE)]
            entry = {"name": rt.plural, "singularName": "", "namespaced": rt.namespaced, "kind": rt.kind, "verbs": verbs}
            if rt.short_names:
                entry["shortNames"] = list(rt.short_names)
            resources.append(entry)
        return {"kind": "APIResourceList", "groupVersion": f"{group}/{version}" if group else version,
                "resources": resources}

    # access reviews -------------------------------------------------------------------------
    def _review(self, info: RequestInfo, user: User, body: str, pretty: bool) -> Answer:
        """SelfSubjectAccessReview and SelfSubjectRulesReview (what `kubectl auth can-i` posts)."""
        from simulator.apiserver.rbac import applicable_rules

        if info.resource not in REVIEWS or info.verb != "create" or info.version != "v1":
            return self._status(404, "NotFound", "the server could not find the requested resource", {}, pretty)
        try:
            review = json.loads(body or "{}")
        except ValueError as error:
            raise StatusError("BadRequest", f"the server rejected our request due to an error in our request: {error}",
                              400) from None
        spec = review.get("spec") if isinstance(review, dict) and isinstance(review.get("spec"), dict) else {}
        out = {"kind": REVIEWS[info.resource], "apiVersion": f"{AUTHORIZATION_GROUP}/v1",
               "metadata": {"creationTimestamp": None}, "spec": spec}
        if info.resource == "selfsubjectrulesreviews":
            rules, errors = applicable_rules(self.store, user, str(spec.get("namespace") or ""))
            out["status"] = {"resourceRules": [r for r in rules if "nonResourceURLs" not in r],
                             "nonResourceRules": [r for r in rules if "nonResourceURLs" in r], "incomplete": bool(errors)}
            return self._json(201, out, pretty)
        resource = spec.get("resourceAttributes") or {}
        if resource:
            attrs = Attributes(str(resource.get("verb") or ""), str(resource.get("resource") or ""),
                               str(resource.get("subresource") or ""), str(resource.get("namespace") or ""),
                               str(resource.get("name") or ""), str(resource.get("group") or ""))
        else:
            url = spec.get("nonResourceAttributes") or {}
            attrs = Attributes(str(url.get("verb") or ""), path=str(url.get("path") or ""))
        allowed, reason = authorize(self.store, user, attrs)
        out["status"] = {"allowed": allowed, **({"reason": reason} if reason else {})}
        return self._json(201, out, pretty)

    def _token(self, info: RequestInfo, body: str, pretty: bool) -> Answer:
        if info.verb != "create":
            return self._status(405, "MethodNotAllowed", "the server does not allow this method on the requested resource",
                                None, pretty)
        return self._json(*token_request.create(self.store, self.clock.now(), info.namespace, info.name, body), pretty)

    def _proxy(self, info: RequestInfo, method: str, body: str, raw_query: str, headers: list) -> Answer:
        sent = proxy_subresource.forward(self.store, self.dial, info.resource, info.namespace, info.name, method,
                                         info.path, raw_query, headers, body)
        kept = [(k, v) for k, v in sent.headers if k.lower() != "content-type"]
        content_type = next((v for k, v in sent.headers if k.lower() == "content-type"), "")
        return Answer(sent.status, content_type, sent.body, headers=kept)

    # resources ----------------------------------------------------------------------------
    def _resource_type(self, info: RequestInfo):
        for rt in self._types():
            if rt.plural == info.resource and rt.group == info.group and rt.version == info.version:
                return rt
        return None

    def _resource(self, info: RequestInfo, query, header: dict, body: str, pretty: bool) -> Answer:
        rt = self._resource_type(info)
        if rt is None or (info.subresource and info.subresource != "status"):
            return self._status(404, "NotFound", "the server could not find the requested resource", {}, pretty)
        namespace = (info.namespace or None) if rt.namespaced else None  # none: every namespace
        verb = info.verb
        if rt.kind == "ComponentStatus":  # probed at each read, never stored
            objects = componentstatus.read(self.machines, self.clock.now(), verb, info.name)
            return self._object_or_table(rt, objects, header, pretty, single=verb == "get")
        if verb == "get":
            obj = self.store.get(rt, namespace, info.name)
            return self._object_or_table(rt, [obj], header, pretty, single=True)
        if verb in ("list", "watch"):
            selector = label_selector((query.get("labelSelector") or [""])[0])
            try:  # a real kubectl's `delete --wait` watches with metadata.name=<the object>
                fields = field_selectors.convert(rt.kind, field_selectors.parse((query.get("fieldSelector") or [""])[0]))
            except field_selectors.FieldSelectorError as error:
                return self._status(400, "BadRequest", str(error), None, pretty)
            objects = [o for o in self.store.list(rt, namespace if rt.namespaced else None)
                       if (selector is None or match_label_selector(selector, o.labels)) and field_selectors.matches(
                           fields, field_selectors.selectable_fields(rt.kind, o.name, o.namespace if rt.namespaced else None,
                                                                     o.body))]
            if verb == "watch":
                lines = [wire_json.compact({"type": "ADDED", "object": wire_object(o)}) for o in objects]
                return Answer(200, "application/json", "".join(line + "\n" for line in lines))
            return self._object_or_table(rt, objects, header, pretty, single=False)
        if verb == "delete":
            obj = self.store.delete(rt, namespace, info.name)
            return self._json(200, {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success",
                                    "details": {"name": obj.name, "group": rt.group, "kind": rt.plural,
                                                "uid": obj.metadata.uid}}, pretty)
        if verb in ("create", "update", "patch"):
            return self._write(rt, info, namespace, header, body, pretty)
        return self._status(405, "MethodNotAllowed", "the server does not allow this method on the requested resource",
                            None, pretty)

    def _write(self, rt, info: RequestInfo, namespace, header: dict, body: str, pretty: bool) -> Answer:
        from simulator.registry.decoding import decode_object

        try:
            document = json.loads(body) if body.strip() else None
        except ValueError as error:
            raise StatusError("BadRequest", f"the server rejected our request due to an error in our request: {error}",
                              400) from None
        if not isinstance(document, dict):
            raise StatusError("BadRequest", "the body of the request was in an unknown format - accepted media types "
                              "include: application/json, application/yaml", 415)
        if info.verb == "patch":
            current = self.store.get(rt, namespace, info.name)
            document = merge_patch(wire_object(current), document)
        document.setdefault("kind", rt.kind)
        document.setdefault("apiVersion", rt.api_version)
        meta = document.setdefault("metadata", {}) if isinstance(document.get("metadata", {}), dict) else {}
        if rt.namespaced:
            given = meta.get("namespace")
            if given and given != info.namespace:
                raise StatusError("BadRequest", "the namespace of the provided object does not match the namespace "
                                  "sent on the request", 400)
            meta["namespace"] = info.namespace
        obj = decode_object(document, self.store.types)
        if info.verb == "create":
            created = self.store.create(obj)
            return self._json(201, wire_object(created), pretty)
        if info.name and obj.name != info.name:
            raise StatusError("BadRequest", "the name of the object (%s) does not match the name on the URL (%s)"
                              % (obj.name, info.name), 400)
        current = self.store.get(rt, namespace, info.name)
        changed = current.clone()
        changed.body = {**obj.body, **({"status": current.body["status"]} if "status" in current.body else {})}
        changed.metadata.labels = dict(obj.metadata.labels)
        changed.metadata.annotations = dict(obj.metadata.annotations)
        return self._json(200, wire_object(self.store.update(changed)), pretty)

    def _object_or_table(self, rt, objects: list, header: dict, pretty: bool, single: bool) -> Answer:
        if TABLE_ACCEPT in (header.get("accept") or "").replace(" ", "").lower():
            return self._json(200, self._table(rt, objects), pretty)
        if single:
            return self._json(200, wire_object(objects[0]), pretty)
        return self._json(200, {"kind": f"{rt.kind}List", "apiVersion": rt.api_version,
                                "metadata": {"resourceVersion": str(self.store.resource_version)},
                                "items": [wire_object(o, with_type=False) for o in objects]}, pretty)

    def _table(self, rt, objects: list) -> dict:
        from simulator.printers.columns import RowContext
        from simulator.printers.tables import columns_for

        columns = columns_for(rt.kind, self.store.types)
        definitions = [{"name": c.name, "type": "string", "format": "name" if i == 0 else "", "description": "",
                        "priority": c.priority} for i, c in enumerate(columns)]
        ctx = RowContext(self.clock.now(), wide=True)
        rows = []
        for obj in objects:
            cells = [column.cell(obj, ctx) for column in columns]
            rows.append({"cells": cells, "object": {"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1",
                                                    "metadata": go_metadata(obj.to_dict()["metadata"])}})
        return {"kind": "Table", "apiVersion": "meta.k8s.io/v1",
                "metadata": {"resourceVersion": str(self.store.resource_version)},
                "columnDefinitions": definitions, "rows": rows}
