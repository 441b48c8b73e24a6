from django.contrib import admin

from .models import Municipality


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["nis_code", "name_nl", "arrondissement_name", "valid_from", "valid_to"]
    search_fields = ["nis_code", "name_nl", "name_fr"]
    list_filter = ["province_name"]
