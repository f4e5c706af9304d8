from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def api_tokens(request):
    return HttpResponse(status=501)
