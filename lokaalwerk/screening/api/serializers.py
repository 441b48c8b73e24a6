from rest_framework import serializers

from lokaalwerk.screening.models import ScreeningRound


class ScreeningRoundSerializer(serializers.ModelSerializer):
    organisations = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    status = serializers.CharField(
        read_only=True, help_text="draft, open (for uploads), linked or closed."
    )

    class Meta:
        model = ScreeningRound
        fields = [
            "id",
            "year",
            "title",
            "purpose",
            "legal_basis",
            "organisations",
            "status",
            "opens_on",
            "closes_on",
            "approved_at",
            "linked_at",
            "closed_at",
        ]


class TokenUploadRequestSerializer(serializers.Serializer):
    organisation = serializers.SlugField(help_text="The participating organisation uploading.")
    tokens = serializers.JSONField(help_text="The file written by `lokaalwerk screening-encode`.")


class TokenUploadResponseSerializer(serializers.Serializer):
    organisation = serializers.CharField()
    record_count = serializers.IntegerField()
    with_number_count = serializers.IntegerField()


class PairCountSerializer(serializers.Serializer):
    a = serializers.CharField()
    b = serializers.CharField()
    both = serializers.CharField(help_text='A count, or "<5".')


class ListCountSerializer(serializers.Serializer):
    organisation = serializers.CharField()
    only_here = serializers.CharField(help_text='A count, or "<5".')


class CountsSerializer(serializers.Serializer):
    lists = ListCountSerializer(many=True)
    pairs = PairCountSerializer(many=True)


class ResultSerializer(serializers.Serializer):
    organisation = serializers.CharField()
    found = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Your record id -> the organisations in whose lists it was found.",
    )
    not_found = serializers.ListField(child=serializers.CharField())
