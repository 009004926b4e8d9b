"""The built-in Internet's web servers (`outside.PUBLIC_HOSTS[...].app`).

Each site answers by the Host header, as real virtual hosting does:
- google: `google.com` redirects to `www.google.com` (301, 219-byte page); a Host
  Google does not serve (an ExternalName Service's own name) gets the 404 page
  (fact sheet §8); methods other than GET/HEAD get 405.
- github: plain HTTP is a bodiless 301 to https; HTTPS serves a stand-in page.
- example: the Example Domain page for every Host.
- naver, kubernetes.io, k8s.io: redirect to their https home; HTTPS serves a stand-in.
- httpbin: `/get`, `/headers`, `/ip`, `/status/<code>` echo the request.

Over HTTPS the sites speak HTTP/2 when the client offers it (lower-case header names), except
httpbin.
Home pages other than example.com are short stand-ins (UNVERIFIED bytes): their
real markup is tens of kilobytes and changes daily.
"""

from __future__ import annotations

import json

from simulator.apps import pages
from simulator.apps.wire import HttpRequest, HttpResponse, ServerContext
from simulator.clock import http_date

THIRTY_DAYS = 30 * 86400
PUBLIC_ORIGIN = "211.234.110.71"  # UNVERIFIED: the course network's NAT address as httpbin would see it


def _h2(response: HttpResponse, request: HttpRequest) -> HttpResponse:
    if request.version == "HTTP/2":
        response.version = "HTTP/2"
        response.headers = [(k.lower(), v) for k, v in response.headers]
    return response


# google ------------------------------------------------------------------------
def google(request: HttpRequest, ctx: ServerContext) -> HttpResponse:
    host = request.host
    if host not in ("google.com", "www.google.com"):
        return _h2(_google_error(ctx, 404, "Not Found", pages.google_404(request.path)), request)
    if request.method not in ("GET", "HEAD"):
        message = (f"The request method <code>{request.method}</code> is inappropriate for the URL "
                   f"<code>{request.path}</code>.")
        response = _google_error(ctx, 405, "Method Not Allowed", pages.google_error(405, "Method Not Allowed", message))
        response.headers.insert(0, ("Allow", "GET, HEAD"))
        return _h2(response, request)
    if host == "google.com":
        return _h2(_google_moved(ctx, f"{request.scheme}://www.google.com{request.path}"), request)
    return _h2(_google_home(ctx), request)


def _google_moved(ctx: ServerContext, location: str) -> HttpResponse:
    body = pages.GOOGLE_301.format(location=location)
    headers = [("Location", location), ("Content-Type", "text/html; charset=UTF-8"), ("Date", ctx.date),
               ("Expires", http_date(ctx.now + THIRTY_DAYS)), ("Cache-Control", "public, max-age=2592000"),
               ("Server", "gws"), ("Content-Length", str(len(body.encode()))), ("X-XSS-Protection", "0"),
               ("X-Frame-Options", "SAMEORIGIN")]
    return HttpResponse(301, "Moved Permanently", headers, body)


def _google_error(ctx: ServerContext, status: int, reason: str, body: str) -> HttpResponse:
    headers = [("Content-Type", "text/html; charset=UTF-8"), ("Referrer-Policy", "no-referrer"),
               ("Content-Length", str(len(body.encode()))), ("Date", ctx.date)]
    return HttpResponse(status, reason, headers, body)


def _google_home(ctx: ServerContext) -> HttpResponse:
    headers = [("Date", ctx.date), ("Expires", "-1"), ("Cache-Control", "private, max-age=0"),
               ("Content-Type", "text/html; charset=ISO-8859-1"), ("Server", "gws"), ("X-XSS-Protection", "0"),
               ("X-Frame-Options", "SAMEORIGIN"), ("Accept-Ranges", "none"), ("Vary", "Accept-Encoding"),
               ("Transfer-Encoding", "chunked")]
    return HttpResponse(200, "OK", headers, pages.GOOGLE_HOME)


# github, naver, kubernetes.io, k8s.io ------------------------------------------
def github(request: HttpRequest, ctx: ServerContext) -> HttpResponse:
    if request.scheme == "http":
        return HttpResponse(301, "Moved Permanently", [("Content-Length", "0"),
                                                       ("Location", f"https://{request.host or 'github.com'}{request.path}")])
    return _h2(_stand_in(ctx, "GitHub: Let\u2019s build from here \u00b7 GitHub", "github.com"), request)


def naver(request: HttpRequest, ctx: ServerContext) -> HttpResponse:
    if request.scheme == "http":
        body = ("<html>\r\n<head><title>301 Moved Permanently</title></head>\r\n<body>\r\n"
                "<center><h1>301 Moved Permanently</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n")
        headers = [("Server", "nginx"), ("Date", ctx.date), ("Content-Type", "text/html"),
                   ("Content-Length", str(len(body))), ("Connection", "keep-alive"),
                   ("Location", "https://www.naver.com/")]
        return HttpResponse(301, "Moved Permanently", headers, body)
    return _h2(_stand_in(ctx, "NAVER", "www.naver.com"), request)


def kubernetes_io(request: HttpRequest, ctx: ServerContext) -> HttpResponse:
    return _netlify_redirect_or_page(request, ctx, "kubernetes.io")


def k8s_io(request: HttpRequest, ctx: ServerContext) -> HttpResponse:
    if request.scheme == "https":
        location = f"https://kubernetes.io{request.path}"
        return _h2(HttpResponse(301, "Moved Permanently", [("Content-Type", "text/html"), ("Date", ctx.date),
                                                            ("Location", location), ("Content-Length", "0")]), request)
    return _netlify_redirect_or_page(request, ctx, "k8s.io")


def _netlify_redirect_or_page(request: HttpRequest, ctx: ServerContext, site: str) -> HttpResponse:
    if request.scheme == "http":
        location = f"https://{site}{request.path}"
        body = f"Redirecting to {location}"
        headers = [("Cache-Control", "public, max-age=0, must-revalidate"), ("Content-Length", str(len(body))),
                   ("Content-Type", "text/plain; charset=utf-8"), ("Date", ctx.date), ("Location", location),
                   ("Server", "Netlify")]
        return HttpResponse(301, "Moved Permanently", headers, body)
    return _h2(_stand_in(ctx, "Kubernetes", site), request)


def _stand_in(ctx: ServerContext, title: str, site: str) -> HttpResponse:
    body = (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{title}</title>\n</head>\n'
            f'<body>\n<!-- {site}: the real page is much longer -->\n</body>\n</html>\n')
    headers = [("Server", "nginx" if "naver" in site else "GitHub.com" if "github" in site else "Netlify"),
               ("Date", ctx.date), ("Content-Type", "text/html; charset=utf-8"), ("Vary", "Accept-Encoding")]
    return HttpResponse(200, "OK", headers, body)


# example.com -------------------------------------------------------------------
def example(request: HttpRequest, ctx: ServerContext) -> HttpResponse:
    body = pages.EXAMPLE_DOMAIN
    headers = [("Accept-Ranges", "bytes"), ("Age", "412339"), ("Cache-Control", "max-age=604800"),
               ("Content-Type", "text/html; charset=UTF-8"), ("Date", ctx.date), ("Etag", '"3147526947"'),
               ("Expires", http_date(ctx.now + 7 * 86400)), ("Last-Modified", "Thu, 17 Oct 2019 07:18:26 GMT"),
               ("Server", "ECS (sab/5783)"), ("Vary", "Accept-Encoding"), ("X-Cache", "HIT"),
               ("Content-Length", str(len(body.encode())))]
    return _h2(HttpResponse(200, "OK", headers, body), request)


# httpbin -----------------------------------------------------------------------
def httpbin(request: HttpRequest, ctx: ServerContext) -> HttpResponse:
    path = request.path.split("?")[0]
    url = f"{request.scheme}://{request.header('Host') or 'httpbin.org'}{request.path}"
    echoed = {k: v for k, v in request.headers}
    if path == "/get":
        return _httpbin_json(ctx, {"args": {}, "headers": echoed, "origin": PUBLIC_ORIGIN, "url": url})
    if path == "/headers":
        return _httpbin_json(ctx, {"headers": echoed})
    if path == "/ip":
        return _httpbin_json(ctx, {"origin": PUBLIC_ORIGIN})
    if path.startswith("/status/") and path[8:].isdigit():
        return HttpResponse(int(path[8:]), _reason(int(path[8:])), _httpbin_headers(ctx, "text/html; charset=utf-8", 0))
    body = ('<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2 Final//EN">\n<title>404 Not Found</title>\n'
            '<h1>Not Found</h1>\n<p>The requested URL was not found on the server.  If you entered the URL manually '
            'please check your spelling and try again.</p>\n')
    return HttpResponse(404, "NOT FOUND", _httpbin_headers(ctx, "text/html", len(body)), body)


def _httpbin_json(ctx: ServerContext, data: dict) -> HttpResponse:
    body = json.dumps(data, indent=2, separators=(", ", ": ")) + "\n"
    return HttpResponse(200, "OK", _httpbin_headers(ctx, "application/json", len(body)), body)


def _httpbin_headers(ctx: ServerContext, content_type: str, length: int) -> list[tuple[str, str]]:
    return [("Date", ctx.date), ("Content-Type", content_type), ("Content-Length", str(length)),
            ("Connection", "keep-alive"), ("Server", "gunicorn/19.9.0"), ("Access-Control-Allow-Origin", "*"),
            ("Access-Control-Allow-Credentials", "true")]


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


APPS = {
    "google": google,
    "github": github,
    "naver": naver,
    "kubernetes-io": kubernetes_io,
    "k8s-io": k8s_io,
    "example": example,
    "httpbin": httpbin,
}
