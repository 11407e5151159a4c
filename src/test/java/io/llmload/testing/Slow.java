package io.llmload.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test that takes wall-clock time: it runs Gatling (in-process or through ./mvnw), a load against the
 * simulator, or a statistical calibration, for more than a few seconds. `./mvnw -B verify` runs every
 * test; `./mvnw test -DexcludedGroups=slow` leaves these out, `./mvnw test -Dgroups=slow` runs only them.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag(Slow.TAG)
public @interface Slow {
  String TAG = "slow";
}
