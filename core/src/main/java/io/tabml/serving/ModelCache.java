package io.tabml.serving;

import io.tabml.errors.NotFoundException;
import io.tabml.registry.ModelRegistry.LoadedModel;
import io.tabml.registry.ModelRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps loaded models in memory. The champion of each model is loaded once per instance and
 * re-checked by the ETag of {@code champion.json} at most once per refresh interval, so a
 * promotion is served within that interval without a blob read per request; versions asked for
 * by number are kept in a small LRU.
 */
public final class ModelCache {
    private static final int PINNED_CAPACITY = 16;

    private final ModelRegistry registry;
    private final Clock clock;
    private final Duration refresh;
    private final Map<String, ChampionEntry> champions = new ConcurrentHashMap<>();
    private final Map<String, LoadedModel> pinned = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, LoadedModel> eldest) {
            return size() > PINNED_CAPACITY;
        }
    };

    public ModelCache(ModelRegistry registry, Clock clock, Duration refresh) {
        this.registry = registry;
        this.clock = clock;
        this.refresh = refresh;
    }

    /** The model's champion, or a 404 when the model has none. */
    public LoadedModel champion(String model) {
        Instant now = clock.instant();
        ChampionEntry entry = champions.get(model);
        if (entry != null && now.isBefore(entry.checkedAt().plus(refresh))) return entry.model();
        return champions.compute(model, (name, current) -> {
            if (current != null && now.isBefore(current.checkedAt().plus(refresh))) return current;
            String etag = registry.championEtag(name).orElseThrow(() -> new NotFoundException(
                    "model '" + name + "' has no champion version (no model of that name has been trained and promoted)"));
            if (current != null && current.etag().equals(etag)) return new ChampionEntry(etag, now, current.model());
            int version = registry.champion(name).orElseThrow().value().version();
            return new ChampionEntry(etag, now, version(name, version));
        }).model();
    }

    /** A specific version, or a 404 when it does not exist. */
    public LoadedModel version(String model, int version) {
        String key = model + "/" + version;
        synchronized (pinned) {
            LoadedModel cached = pinned.get(key);
            if (cached != null) return cached;
        }
        LoadedModel loaded = registry.load(model, version)
                .orElseThrow(() -> new NotFoundException("model '" + model + "' has no version " + version));
        synchronized (pinned) {
            pinned.put(key, loaded);
        }
        return loaded;
    }

    private record ChampionEntry(String etag, Instant checkedAt, LoadedModel model) {}
}
