// Tells the server the browser's time zone in a `tz` cookie so pages print times in the
// viewer's zone (kubegrade/viewer_time_zone.py): a file of the site's own, so the Content
// Security Policy needs no inline script. The sign-in page sets it before any time is shown.
(function () {
  var zone;
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  if (!zone) { return; }
  var cookie = "tz=" + encodeURIComponent(zone);
  if (document.cookie.split("; ").indexOf(cookie) === -1) {
    document.cookie = cookie + "; path=/; max-age=31536000; SameSite=Lax";
  }
}());
