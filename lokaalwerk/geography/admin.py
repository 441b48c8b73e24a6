from django.contrib import admin

from .models import Area, Municipality


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["nis_code", "name_nl", "arrondissement_name", "valid_from", "valid_to"]
    search_fields = ["nis_code", "name_nl", "name_fr"]
    list_filter = ["province_name"]


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name_nl", "kind", "valid_from", "valid_to", "successor"]
    list_filter = ["kind"]
    search_fields = ["code", "name_nl", "name_fr"]
    raw_id_fields = ["parent", "successor", "municipality"]
    filter_horizontal = ["members"]
