"""CSV rendering for the gradebook endpoint (`?format=csv`)."""

from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer


class GradebookCSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, str):
            return data.encode("utf-8")
        # Errors (403/404) reach a CSV client as a one-line explanation.
        return f"error,{data.get('code', '')},{data.get('detail', '')}\n".encode()


class FormatParamWins(DefaultContentNegotiation):
    """`?format=csv` chooses CSV even when the client also sends Accept: application/json,
    as LMS scripts and browsers often do; without the parameter, Accept decides."""

    def select_renderer(self, request, renderers, format_suffix=None):
        wanted = format_suffix or request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
        for renderer in renderers if wanted else ():
            if renderer.format == wanted:
                return renderer, renderer.media_type
        return super().select_renderer(request, renderers, format_suffix)
