"""CSV rendering for the gradebook endpoint (`?format=csv`)."""

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
