"""The API server's own layer over the store: who a request is (`authn`), whether it may
(`rbac`), and the HTTP API itself (`http_api`): discovery, CRUD, Status errors and Tables,
serialised as kube-apiserver writes them. Default policy from 1.23's bootstrap policy (`policy`).
"""
