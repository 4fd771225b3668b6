# SPDX-License-Identifier: GPL-2.0
# conditionals, defines, recipes, includes and functions together
ifeq ($(CONFIG_Y),y)
a-$(CONFIG_M) += a.o \
	b.o
else ifneq "$(CONFIG_N)" ''
a-y += c.o
else
ifdef CONFIG_S
a-objs := $(foreach d,x y,$(d)/z.o) $(a-y:.o=.s)
endif
endif
obj-$(subst m,y,$(CONFIG_M)) += a.o $(addprefix sub/, $(a-y))
include $(src)/sub.mk
define cmd_x
	obj-y += nope.o
endef
$(obj)/x.o: $(src)/x.c
	$(call cmd,x) # recipe
lib-y := $(patsubst %.c,%.o,$(notdir $(wildcard $(src)/*.c)))
hostprogs += gen
gen-objs := gen.o
