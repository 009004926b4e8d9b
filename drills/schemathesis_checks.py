"""The API's error contract as a schemathesis check (loaded through SCHEMATHESIS_HOOKS by
drills/api_fuzz.py): every 4xx and 5xx under /api/ is a JSON object with a string `code`
and a `detail` (platform/kubegrade/api/errors.py)."""

import schemathesis


@schemathesis.check
def error_in_the_api_contract(ctx, response, case):
    if response.status_code < 400:
        return
    try:
        body = response.json()
    except Exception:
        raise AssertionError(f"{response.status_code} answered without a JSON body: {response.text[:200]!r}")
    if not isinstance(body, dict) or not isinstance(body.get("code"), str) or "detail" not in body:
        raise AssertionError(f"{response.status_code} answered JSON without {{code, detail}}: {str(body)[:200]}")
