using System.Text.Json;
using System.Text.Json.Serialization;
using Release0.Core.Connection;
using Release0.Core.Json;

namespace Release0.Core.Batches;

/// <summary>Which entities the agent may use: <c>{includeEntities: all|filtered, entityFilters: [...]}</c>.</summary>
public sealed class BatchFilters
{
    [JsonPropertyName("includeEntities")]
    public string? IncludeEntities { get; set; }

    [JsonPropertyName("entityFilters")]
    public IList<EntityFilter> EntityFilters { get; set; } = [];

    /// <summary>Parses filters written by a person, naming what is wrong (for <c>--filters</c> and files).</summary>
    public static BatchFilters Parse(string json)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(json);
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new Release0ConfigurationException("filters", $"filters are not valid JSON: {ex.Message}");
        }

        return From(root);
    }

    internal static BatchFilters From(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new Release0ConfigurationException("filters", "filters must be a JSON object like {\"includeEntities\":\"filtered\",\"entityFilters\":[{\"entityId\":\"...\"}]}.");
        }

        foreach (var property in root.EnumerateObject())
        {
            if (property.Name is not ("includeEntities" or "entityFilters"))
            {
                throw new Release0ConfigurationException("filters", $"filters has an unknown field \"{property.Name}\"; the fields are includeEntities and entityFilters.");
            }
        }

        if (root.Prop("includeEntities") is { } include && include.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
        {
            throw new Release0ConfigurationException("filters", $"filters.includeEntities must be the string \"all\" or \"filtered\" (was {include.GetRawText()}).");
        }

        if (root.Prop("entityFilters") is { } list && list.ValueKind is not (JsonValueKind.Array or JsonValueKind.Null))
        {
            throw new Release0ConfigurationException("filters", $"filters.entityFilters must be an array of {{\"entityId\": ...}} objects (was {list.GetRawText()}).");
        }

        var filters = new BatchFilters { IncludeEntities = root.Str("includeEntities") };
        var index = 0;
        foreach (var item in root.Items("entityFilters"))
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw new Release0ConfigurationException("filters", $"filters.entityFilters[{index}] must be an object with an entityId (was {item.GetRawText()}).");
            }

            if (item.Prop("entityId") is not { ValueKind: JsonValueKind.String } idValue || idValue.GetString() is not { Length: > 0 } entityId)
            {
                throw new Release0ConfigurationException("filters", $"filters.entityFilters[{index}] needs an entityId string.");
            }

            if (item.Prop("select") is { } select && (select.ValueKind != JsonValueKind.Array || select.EnumerateArray().Any(f => f.ValueKind != JsonValueKind.String)))
            {
                throw new Release0ConfigurationException("filters", $"filters.entityFilters[{index}].select must be an array of field names (was {select.GetRawText()}).");
            }

            if (item.Prop("where") is { } whereValue && whereValue.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
            {
                throw new Release0ConfigurationException("filters", $"filters.entityFilters[{index}].where must be an object of field values (was {whereValue.GetRawText()}).");
            }

            var where = item.Prop("where") is { ValueKind: JsonValueKind.Object } w
                ? w.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone())
                : null;
            filters.EntityFilters.Add(new EntityFilter { EntityId = entityId, Select = item.Prop("select") is null ? null : ((JsonElement?)item).Strings("select").ToList(), Where = where });
            index++;
        }

        filters.Validate();
        return filters;
    }

    internal void Validate()
    {
        if (IncludeEntities is not (null or "all" or "filtered"))
        {
            throw new Release0ConfigurationException("filters", $"filters.includeEntities must be \"all\" or \"filtered\" (was \"{IncludeEntities}\").");
        }

        if (IncludeEntities == "filtered" && EntityFilters.Count == 0)
        {
            throw new Release0ConfigurationException("filters", "filters.includeEntities is \"filtered\" but entityFilters is empty, so no entity would be included.");
        }

        if (EntityFilters.Any(f => string.IsNullOrWhiteSpace(f.EntityId)))
        {
            throw new Release0ConfigurationException("filters", "Every entity filter needs an entityId.");
        }
    }
}

/// <summary>One entity's filter: its id, the (camelCase) fields to select, and field values to match.</summary>
public sealed class EntityFilter
{
    [JsonPropertyName("entityId")]
    public string EntityId { get; set; } = string.Empty;

    [JsonPropertyName("select")]
    public IList<string>? Select { get; set; }

    [JsonPropertyName("where")]
    public IDictionary<string, JsonElement>? Where { get; set; }
}
