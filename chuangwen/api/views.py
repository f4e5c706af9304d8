"""The token page: a user lists, creates and revokes their own API tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from . import services
from .forms import TokenCreateForm
from .models import APIToken


@login_required
def api_tokens(request):
    """GET lists the tokens; POST ``action=create`` makes one and shows its key once,
    POST ``action=revoke`` with ``token`` revokes one of the user's own tokens."""
    form = TokenCreateForm()
    new_key = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "revoke":
            token = get_object_or_404(APIToken, pk=request.POST.get("token") or 0, user=request.user)
            services.token_revoke(token=token, by=request.user)
            messages.success(request, _("Token %(name)s revoked.") % {"name": token.name})
            return redirect("api_tokens")
        form = TokenCreateForm(request.POST)
        if form.is_valid():
            # Rendered, not redirected: the key exists only in this response.
            _token, new_key = services.token_create(
                user=request.user, name=form.cleaned_data["name"], expires_at=form.expires_at()
            )
            form = TokenCreateForm()
    tokens = APIToken.objects.filter(user=request.user)
    return render(request, "api/tokens.html", {"form": form, "tokens": tokens, "new_key": new_key})
