/*
 * A C host for Mica: a car head unit's firmware in miniature.
 *
 * It registers two host functions, getVehicleSpeed (sync) and openTrunk (async,
 * answered from a second thread), grants the app their permissions, runs the
 * mini-program in apps/c-host/app, presses OK on its button, and prints what the page
 * shows and what the frame looks like.
 *
 *   usage: c-host [APP_DIR [OUT.png]]      (APP_DIR defaults to apps/c-host/app)
 *
 * Exit code 0 on success, 1 on any error. See README.md for the gcc command line.
 */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mica.h"

#define MAX_JOBS 16

/* The host's state: what `user_data` points to. */
struct vehicle {
    int speed_kmh;
    pthread_mutex_t lock;
    pthread_t jobs[MAX_JOBS];
    int job_count;
};

/* One openTrunk call, answered on its own thread. */
struct trunk_job {
    MicaReply *reply;
    int confirmed;
};

/* Whether the JSON object `args` has "confirm": true (good enough for this demo). */
static int has_confirm(const char *args) {
    const char *p = strstr(args, "\"confirm\"");
    if (!p) return 0;
    p += strlen("\"confirm\"");
    while (*p == ' ' || *p == ':') p++;
    return strncmp(p, "true", 4) == 0;
}

/* getVehicleSpeed: sync, so it answers before returning (on Mica's logic thread). */
static void get_vehicle_speed(void *user_data, const char *args_json, MicaReply *reply) {
    struct vehicle *car = user_data;
    char result[64];
    (void)args_json;
    snprintf(result, sizeof result, "{\"kmh\": %d}", car->speed_kmh);
    mica_reply_ok(reply, result);
}

static void *trunk_thread(void *arg) {
    struct trunk_job *job = arg;
    struct timespec motor = {.tv_sec = 0, .tv_nsec = 50 * 1000 * 1000};
    nanosleep(&motor, NULL); /* the trunk's motor takes a moment */
    if (job->confirmed) {
        mica_reply_ok(job->reply, "{\"opened\": true}");
    } else {
        mica_reply_fail(job->reply, "not confirmed");
    }
    free(job);
    return NULL;
}

/* openTrunk: async, so it keeps `reply` and answers later from another thread. */
static void open_trunk(void *user_data, const char *args_json, MicaReply *reply) {
    struct vehicle *car = user_data;
    struct trunk_job *job = malloc(sizeof *job);
    if (!job) {
        mica_reply_fail(reply, "out of memory");
        return;
    }
    job->reply = reply;
    job->confirmed = has_confirm(args_json);
    pthread_mutex_lock(&car->lock);
    if (car->job_count == MAX_JOBS ||
        pthread_create(&car->jobs[car->job_count], NULL, trunk_thread, job) != 0) {
        pthread_mutex_unlock(&car->lock);
        free(job);
        mica_reply_fail(reply, "busy");
        return;
    }
    car->job_count++;
    pthread_mutex_unlock(&car->lock);
}

/* Prints the text of the node with id `id` from a runtime dump: the first "text" after
 * its id (the node's text child). */
static void print_text(const char *dump, const char *id) {
    char key[64];
    snprintf(key, sizeof key, "\"id\":\"%s\"", id);
    const char *node = strstr(dump, key);
    const char *text = node ? strstr(node, "\"text\":\"") : NULL;
    if (!text) {
        printf("%s: <missing>\n", id);
        return;
    }
    text += strlen("\"text\":\"");
    printf("%s: ", id);
    for (const char *p = text; *p && *p != '"'; p++) {
        if (*p == '\\' && p[1]) p++;
        putchar(*p);
    }
    putchar('\n');
}

/* Prints the page's texts; 0 on success. */
static int print_page(MicaRuntime *rt) {
    char *dump = mica_runtime_dump(rt);
    if (!dump) return -1;
    print_text(dump, "speed");
    print_text(dump, "trunk");
    if (!strstr(dump, "\"errors\":[]")) printf("errors: %s\n", strstr(dump, "\"errors\":"));
    mica_string_free(dump);
    return 0;
}

static int fail(const char *what) {
    fprintf(stderr, "c-host: %s: %s\n", what, mica_last_error());
    return 1;
}

int main(int argc, char **argv) {
    const char *app = argc > 1 ? argv[1] : "apps/c-host/app";
    const char *png = argc > 2 ? argv[2] : NULL;
    struct vehicle car = {.speed_kmh = 42, .job_count = 0};
    int status = 0;
    pthread_mutex_init(&car.lock, NULL);
    printf("mica %s\n", mica_version());

    MicaConfig *config = mica_config_new(800, 480);
    if (!config) return fail("mica_config_new");
    /* A library built without the bundled font needs one (scripts/sdk-size.sh). */
    const char *font = getenv("MICA_FONT");
    if (font && mica_config_add_font(config, font) != MICA_OK) {
        mica_config_free(config);
        return fail("mica_config_add_font");
    }
    if (mica_config_register(config, "getVehicleSpeed", "vehicle.read", 0, get_vehicle_speed,
                             &car) != MICA_OK ||
        mica_config_register(config, "openTrunk", "vehicle.control", 1, open_trunk, &car) !=
            MICA_OK ||
        mica_config_grant(config, "vehicle.read") != MICA_OK ||
        mica_config_grant(config, "vehicle.control") != MICA_OK) {
        mica_config_free(config);
        return fail("configuring");
    }

    MicaRuntime *rt = mica_runtime_new(config, app); /* consumes config */
    if (!rt) return fail("mica_runtime_new");

    /* Launch, then settle: waits for openTrunk's answer from the other thread. */
    if (mica_runtime_launch(rt, NULL) != MICA_OK || mica_runtime_settle(rt) != MICA_OK ||
        print_page(rt) != 0) {
        status = fail("launching");
        goto done;
    }

    /* The button has the focus: OK taps it, which calls openTrunk without confirm. */
    printf("-- OK on #open\n");
    if (mica_runtime_key(rt, MICA_KEY_OK) != MICA_OK || mica_runtime_settle(rt) != MICA_OK ||
        print_page(rt) != 0) {
        status = fail("pressing OK");
        goto done;
    }

    uint32_t width, height, stride;
    const uint8_t *pixels = mica_runtime_frame(rt, &width, &height, &stride);
    if (!pixels) {
        status = fail("mica_runtime_frame");
        goto done;
    }
    /* A pixel in the navigation bar: RGBA, premultiplied (opaque here, so plain). */
    const uint8_t *px = pixels + 10 * stride + (width / 2) * 4;
    printf("frame: %ux%u stride %u\n", width, height, stride);
    printf("pixel(%u,10): %u %u %u %u\n", width / 2, px[0], px[1], px[2], px[3]);

    if (png) {
        if (mica_runtime_write_png(rt, png) != MICA_OK) {
            status = fail("mica_runtime_write_png");
            goto done;
        }
        printf("png: %s\n", png);
    }

done:
    /* After this no host function runs; then the answer threads may be joined and
     * `car` dropped. */
    mica_runtime_free(rt);
    for (int i = 0; i < car.job_count; i++) pthread_join(car.jobs[i], NULL);
    pthread_mutex_destroy(&car.lock);
    return status;
}
