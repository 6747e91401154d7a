/* The default system's QEMU has no virtio devices, so these lines stay
 * quiet; the example systems/sharedirq raises real ones. */
#include <libmote/component.h>
#include <libmote/print.h>

static unsigned long seen[2];

static void on_slot0(void) { seen[0]++; mt_printf("shared_irq_driver: virtio0 irq\n"); }
static void on_slot1(void) { seen[1]++; mt_printf("shared_irq_driver: virtio1 irq\n"); }

int run(void)
{
    mt_printf("shared_irq_driver: serving IRQs %d and %d on one thread\n",
              MT_IRQ_irq_virtio0_irq, MT_IRQ_irq_virtio1_irq);
    MT_SHARED_IRQ_LOOP(irq, (virtio0_irq, on_slot0), (virtio1_irq, on_slot1));
}

MT_COMPONENT();
