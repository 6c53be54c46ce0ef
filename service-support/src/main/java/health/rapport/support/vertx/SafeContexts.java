package health.rapport.support.vertx;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * A fresh duplicated Vert.x context marked safe, for work started outside a request (schedulers, the relay): Hibernate
 * Reactive sessions need such a context, and a fresh one keeps the work's session apart from anyone else's.
 */
public final class SafeContexts {

    private SafeContexts() {
    }

    public static Context fresh(Vertx vertx) {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        return context;
    }
}
