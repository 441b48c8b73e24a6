from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from lokaalwerk.accounts import selectors, services, signin
from lokaalwerk.accounts.models import Organisation
from lokaalwerk.core.schema import BAD_REQUEST


class OrganisationSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Organisation
        fields = ["slug", "name", "legal_name", "kind", "address", "parent"]


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = OrganisationSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return selectors.organisation_list(user=self.request.user)


class ApiCredentialsSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False, write_only=True)


class ApiTokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True)


_PROBLEM = inline_serializer("SignInProblem", {"detail": serializers.CharField()})


class ApiTokenView(APIView):
    """Exchange a username and password for the person's API token (send it as
    `Authorization: Token <token>`). Failed attempts count towards the same lockout as the
    sign-in page: too many, and the username or address gets 429 until the time named."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        auth=[],
        request=ApiCredentialsSerializer,
        responses={
            200: ApiTokenSerializer,
            400: OpenApiResponse(
                BAD_REQUEST.ref,
                description="Wrong username or password, or a field missing.",
            ),
            429: OpenApiResponse(_PROBLEM, description="Locked out after too many failures."),
        },
    )
    def post(self, request):
        serializer = ApiCredentialsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        credentials = serializer.validated_data
        # The Django request, so that django-axes counts the attempt and its middleware sees
        # a lockout.
        django_request = request._request
        user = authenticate(
            django_request, username=credentials["username"], password=credentials["password"]
        )
        if user is None:
            if getattr(django_request, "axes_locked_out", False):
                return signin.lockout_response(
                    django_request, credentials={"username": credentials["username"]}
                )
            return Response(
                {"detail": _("The username or password is not correct.")},
                status=status.HTTP_400_BAD_REQUEST,
            )
        token = services.api_token_issue(user=user, source=request.path)
        return Response(ApiTokenSerializer({"token": token.key}).data)
