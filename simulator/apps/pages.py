"""Response bodies as the real servers send them, byte for byte (kept as data, not built).

Sources:
- nginx 1.23.1 `html/index.html` (615 bytes, `ETag: "62d6ba27-267"`) and the error
  pages of `src/http/ngx_http_special_response.c` (CRLF line ends, the version in
  the tail). Headers of `nginx:latest` in August 2022 as seen in public transcripts:
  `Server: nginx/1.23.1`, `Last-Modified: Tue, 19 Jul 2022 14:05:27 GMT`.
- Google's `301 Moved` page for `http://google.com/` (219 bytes with its two CRLFs)
  and its `Error 404 (Not Found)!!1` page for a Host it does not serve (the
  apostrophes are U+2019); both recorded in public transcripts and test fixtures.
- example.com's "Example Domain" page (1256 bytes).
- kube-apiserver's 403 for an anonymous request and Go's answer to plain HTTP on a
  TLS port (`net/http/server.go`: "Client sent an HTTP request to an HTTPS server.").
"""

from __future__ import annotations

NGINX_INDEX = """<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
"""


def nginx_error(status: int, reason: str, version: str) -> str:
    """nginx's built-in error page: `ngx_http_error_<status>_page` plus the tail with the version."""
    return (f"<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n"
            f"<center><h1>{status} {reason}</h1></center>\r\n"
            f"<hr><center>nginx/{version}</center>\r\n</body>\r\n</html>\r\n")


GOOGLE_301 = """<HTML><HEAD><meta http-equiv="content-type" content="text/html;charset=utf-8">
<TITLE>301 Moved</TITLE></HEAD><BODY>
<H1>301 Moved</H1>
The document has moved
<A HREF="{location}">here</A>.\r
</BODY></HTML>\r
"""

GOOGLE_ERROR_STYLE = (
    "*{margin:0;padding:0}html,code{font:15px/22px arial,sans-serif}html{background:#fff;color:#222;padding:15px}"
    "body{margin:7% auto 0;max-width:390px;min-height:180px;padding:30px 0 15px}* > body{background:url(//www.google"
    ".com/images/errors/robot.png) 100% 5px no-repeat;padding-right:205px}p{margin:11px 0 22px;overflow:hidden}ins{co"
    "lor:#777;text-decoration:none}a img{border:0}@media screen and (max-width:772px){body{background:none;margin-top:"
    "0;max-width:none;padding-right:0}}#logo{background:url(//www.google.com/images/branding/googlelogo/1x/googlelogo_"
    "color_150x54dp.png) no-repeat;margin-left:-5px}@media only screen and (min-resolution:192dpi){#logo{background:ur"
    "l(//www.google.com/images/branding/googlelogo/2x/googlelogo_color_150x54dp.png) no-repeat 0% 0%/100% 100%;-moz-bo"
    "rder-image:url(//www.google.com/images/branding/googlelogo/2x/googlelogo_color_150x54dp.png) 0}}@media only scree"
    "n and (-webkit-min-device-pixel-ratio:2){#logo{background:url(//www.google.com/images/branding/googlelogo/2x/goog"
    "lelogo_color_150x54dp.png) no-repeat;-webkit-background-size:100% 100%}}#logo{display:inline-block;height:54px;wi"
    "dth:150px}"
)

GOOGLE_ERROR = """<!DOCTYPE html>
<html lang=en>
  <meta charset=utf-8>
  <meta name=viewport content="initial-scale=1, minimum-scale=1, width=device-width">
  <title>Error {status} ({reason})!!1</title>
  <style>
    {style}
  </style>
  <a href=//www.google.com/><span id=logo aria-label=Google></span></a>
  <p><b>{status}.</b> <ins>That\u2019s an error.</ins>
  <p>{message}  <ins>That\u2019s all we know.</ins>
"""


def google_error(status: int, reason: str, message: str) -> str:
    return GOOGLE_ERROR.format(status=status, reason=reason, style=GOOGLE_ERROR_STYLE, message=message)


def google_404(path: str) -> str:
    return google_error(404, "Not Found", f"The requested URL <code>{path}</code> was not found on this server.")


# www.google.com's real home page is ~50 KB of generated markup; this stand-in keeps
# its opening and closing so a student sees the familiar shape (UNVERIFIED bytes).
GOOGLE_HOME = ('<!doctype html><html itemscope="" itemtype="http://schema.org/WebPage" lang="ko"><head>'
               '<meta content="text/html; charset=UTF-8" http-equiv="Content-Type">'
               '<meta content="/images/branding/googleg/1x/googleg_standard_color_128dp.png" itemprop="image">'
               '<title>Google</title></head><body bgcolor="#fff"><center><br clear="all" id="lgpd">'
               '<div id="lga"><img alt="Google" height="92" src="/images/branding/googlelogo/1x/googlelogo_white_'
               'background_color_272x92dp.png" style="padding:28px 0 14px" width="272" id="hplogo"><br><br></div>'
               '<form action="/search" name="f"><input name="q" size="57" title="Google \uac80\uc0c9"></form>'
               '</center></body></html>')

EXAMPLE_DOMAIN = """<!doctype html>
<html>
<head>
    <title>Example Domain</title>

    <meta charset="utf-8" />
    <meta http-equiv="Content-type" content="text/html; charset=utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <style type="text/css">
    body {
        background-color: #f0f0f2;
        margin: 0;
        padding: 0;
        font-family: -apple-system, system-ui, BlinkMacSystemFont, "Segoe UI", "Open Sans", "Helvetica Neue", Helvetica, Arial, sans-serif;
        
    }
    div {
        width: 600px;
        margin: 5em auto;
        padding: 2em;
        background-color: #fdfdff;
        border-radius: 0.5em;
        box-shadow: 2px 3px 7px 2px rgba(0,0,0,0.02);
    }
    a:link, a:visited {
        color: #38488f;
        text-decoration: none;
    }
    @media (max-width: 700px) {
        div {
            margin: 0 auto;
            width: auto;
        }
    }
    </style>    
</head>

<body>
<div>
    <h1>Example Domain</h1>
    <p>This domain is for use in illustrative examples in documents. You may use this
    domain in literature without prior coordination or asking for permission.</p>
    <p><a href="https://www.iana.org/domains/example">More information...</a></p>
</div>
</body>
</html>
"""

APISERVER_FORBIDDEN = """{
  "kind": "Status",
  "apiVersion": "v1",
  "metadata": {
    
  },
  "status": "Failure",
  "message": "forbidden: User \\"system:anonymous\\" cannot get path \\"{path}\\"",
  "reason": "Forbidden",
  "details": {
    
  },
  "code": 403
}"""

GO_HTTP_ON_TLS_PORT = "Client sent an HTTP request to an HTTPS server.\n"

SSH_BANNER = "SSH-2.0-OpenSSH_8.2p1 Ubuntu-4ubuntu0.5\r\n"
