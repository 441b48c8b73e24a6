from rest_framework import serializers, viewsets

from lokaalwerk.accounts import selectors
from lokaalwerk.accounts.models import Organisation


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
