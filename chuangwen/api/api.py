"""The one NinjaAPI, assembled from each app's router."""

from ninja import NinjaAPI

api = NinjaAPI(title="Chuangwen API", version="1", urls_namespace="api", docs_url="/docs")
