from django.conf import settings
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from lokaalwerk.accounts import policies
from lokaalwerk.core.uploads import check_body_size, size_reason
from lokaalwerk.screening import selectors, services

from . import serializers

#: Room for the organisation's field and the JSON around the token file.
BODY_OVERHEAD = 64 * 1024


class ScreeningRoundViewSet(viewsets.ReadOnlyModelViewSet):
    """Joint screening rounds: upload token files, read your own result, read the counts."""

    serializer_class = serializers.ScreeningRoundSerializer

    def get_queryset(self):
        return selectors.screening_round_list(user=self.request.user).order_by("-year", "pk")

    @extend_schema(
        request=serializers.TokenUploadRequestSerializer,
        responses={
            201: serializers.TokenUploadResponseSerializer,
            413: OpenApiResponse(
                description="The body is larger than the token file may be "
                "(LOKAALWERK_SCREENING_UPLOAD_MAX_MB); it was not read."
            ),
        },
    )
    @action(detail=True, methods=["post"])
    def uploads(self, request, pk=None):
        screening_round = self.get_object()
        # The body is parsed whole: its announced size is checked before a byte is read.
        limit = settings.SCREENING_UPLOAD_MAX_BYTES
        if not check_body_size(request, limit + BODY_OVERHEAD):
            return Response(
                {"detail": size_reason(limit)}, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
            )
        body = serializers.TokenUploadRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        allowed = policies.screening_upload_organisations(request.user, screening_round)
        organisation = next(
            (o for o in allowed if o.slug == body.validated_data["organisation"]), None
        )
        if organisation is None:
            raise PermissionDenied("You do not upload for this organisation in this round.")
        try:
            upload = services.tokens_upload(
                actor=request.user,
                screening_round=screening_round,
                organisation=organisation,
                data=body.validated_data["tokens"],
                source=request.path,
            )
        except services.ScreeningError as exc:
            raise ValidationError({"tokens": [str(exc)]}) from exc
        return Response(
            {
                "organisation": organisation.slug,
                "record_count": upload.record_count,
                "with_number_count": upload.with_number_count,
            },
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(responses=serializers.CountsSerializer)
    @action(detail=True, methods=["get"])
    def counts(self, request, pk=None):
        screening_round = self.get_object()
        if not policies.can_view_screening_counts(request.user, screening_round):
            raise PermissionDenied
        counts = selectors.round_counts(screening_round)
        return Response(serializers.CountsSerializer(counts).data)

    @extend_schema(
        parameters=[OpenApiParameter("organisation", str, required=True)],
        responses=serializers.ResultSerializer,
    )
    @action(detail=True, methods=["get"])
    def result(self, request, pk=None):
        screening_round = self.get_object()
        slug = request.query_params.get("organisation", "")
        try:
            upload = selectors.upload_get(
                user=request.user, screening_round=screening_round, organisation_slug=slug
            )
        except Http404 as exc:
            raise NotFound from exc
        rows = services.result_read(actor=request.user, upload=upload, source=request.path)
        return Response(
            {
                "organisation": upload.organisation.slug,
                "found": {rid: where for rid, where in rows if where},
                "not_found": [rid for rid, where in rows if not where],
            }
        )
