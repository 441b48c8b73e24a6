from django.contrib import admin

from .models import ImportBatch, Indicator, IndicatorAlias, IndicatorVersion, Target


class AliasInline(admin.TabularInline):
    model = IndicatorAlias
    fields = ["name"]
    extra = 0


class VersionInline(admin.TabularInline):
    model = IndicatorVersion
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name_nl", "unit", "source", "periodicity", "polarity", "is_youth"]
    list_filter = ["source", "unit", "periodicity", "is_youth"]
    search_fields = ["code", "name_nl", "name_en"]
    inlines = [AliasInline, VersionInline]
    filter_horizontal = ["actions"]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["indicator", "area", "year", "value", "action"]
    list_filter = ["indicator", "year"]
    autocomplete_fields = ["area"]
    raw_id_fields = ["action"]


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["filename", "kind", "created_at", "created", "updated", "unchanged", "skipped"]
    readonly_fields = [f.name for f in ImportBatch._meta.fields] + ["report"]
